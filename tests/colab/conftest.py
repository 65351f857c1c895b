"""The Colab-like job's marker (its environment and skips are in test_colab_like.py)."""


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "colab: runs the lessons in a fresh Colab-like environment (.ci/colab)")
