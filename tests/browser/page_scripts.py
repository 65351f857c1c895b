"""The JavaScript the browser tests run inside JupyterLab's page.

``window.__nn`` keeps what they record: kernel status changes, the kernel's stderr that no
cell shows, and ``performance.now()`` timestamps of each move and of each change of an
explorer's picture (``<img>`` src), readout, or an ``interact``'s output.
"""

# Runs once the notebook is open: records kernel status changes and everything the kernel
# sends to stderr (widget callbacks write there, not into any cell), and stamps the moment of
# each move (the first keydown, change or click after Python arms it).
WATCH_KERNEL_JS = r"""
() => {
  const nn = window.__nn = {armed: false, moveAt: 0, idle: 0, status: '', stderr: [],
                            pictures: {}, readouts: {}, outputs: {}};
  for (const type of ['keydown', 'change', 'click']) {
    document.addEventListener(type, () => {
      if (nn.armed) { nn.moveAt = performance.now(); nn.armed = false; }
    }, true);
  }
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  nn.status = kernel.status;
  kernel.statusChanged.connect((_, status) => {
    nn.status = status;
    if (status === 'idle') nn.idle += 1;
  });
  kernel.iopubMessage.connect((_, msg) => {
    // cells' own outputs are read from the page; this catches what no cell shows
    if ((msg.parent_header || {}).msg_type === 'execute_request') return;
    const type = msg.header.msg_type;
    if (type === 'error') nn.stderr.push(msg.content.traceback.join('\n'));
    if (type === 'stream' && msg.content.name === 'stderr') nn.stderr.push(msg.content.text);
  });
}
"""

# Numbers every explorer and interact on the page, and watches its picture, readout or output.
WATCH_WIDGETS_JS = r"""
() => {
  const nn = window.__nn;
  const watch = (store, key, node, options) => {
    store[key] = [];
    new MutationObserver(() => store[key].push(performance.now())).observe(node, options);
  };
  const explorers = [...document.querySelectorAll('.nnlib-explorer')].map((box, i) => {
    box.dataset.nnIndex = String(i);
    watch(nn.pictures, i, box.querySelector('img'), {attributes: true, attributeFilter: ['src']});
    watch(nn.readouts, i, box.querySelector('.nnlib-readout'),
          {childList: true, subtree: true, characterData: true});
    const name = [...box.classList].find(c => c.startsWith('nnlib-explorer-'));
    return name ? name.slice('nnlib-explorer-'.length) : '';
  });
  const interacts = [...document.querySelectorAll('.widget-interact')].map((box, i) => {
    box.dataset.nnInteract = String(i);
    const output = box.querySelector('.widget-output');
    if (output) watch(nn.outputs, i, output, {childList: true, subtree: true, characterData: true});
    return Boolean(output);
  });
  return {explorers, interacts};
}
"""

# The controls inside an explorer or an interact (nested rows included, an interact's output
# excluded), in page order, each stamped with its position so Python can find it again.
CONTROL_SELECTOR = (".widget-slider, .widget-dropdown, .widget-checkbox, .widget-button, "
                    ".widget-hprogress, .widget-play")
CONTROLS_JS = r"""
([box, selector]) => {
  const inOutput = (el) => {
    const output = el.closest('.widget-output');
    return Boolean(output) && box.contains(output);
  };
  return [...box.querySelectorAll(selector)].filter(el => !inOutput(el)).map((el, position) => {
    el.dataset.nnControl = String(position);
    // an explorer puts a control's label on a line above it, inside the same box
    const box_of = el.parentElement;
    const above = box_of && box_of.querySelector(':scope > .nnlib-control-label');
    const label = [...el.querySelectorAll('.widget-label, .widget-label-basic')]
        .map(node => node.textContent.replace(/[\s\u200b]+/g, ' ').trim())
        .find(text => text) || (above ? above.textContent.trim() : '');
    const base = {position, label, shown: el.getClientRects().length > 0};
    if (el.classList.contains('widget-slider')) {
      const handle = el.querySelector('.noUi-handle');
      const track = el.querySelector('.noUi-base').getBoundingClientRect();
      return {...base, type: 'slider', raw: handle.getAttribute('aria-valuetext'),
              track: Math.round(track.width),
              low: handle.getAttribute('aria-valuemin'), high: handle.getAttribute('aria-valuemax'),
              text: (el.querySelector('.widget-readout') || {}).textContent || ''};
    }
    if (el.classList.contains('widget-dropdown')) {
      const select = el.querySelector('select');
      return {...base, type: 'dropdown', value: select.value, index: select.selectedIndex,
              count: select.options.length};
    }
    if (el.classList.contains('widget-checkbox')) {
      return {...base, type: 'checkbox', value: el.querySelector('input').checked};
    }
    if (el.classList.contains('widget-button')) {
      return {...base, type: 'button', label: el.textContent.trim(), disabled: el.disabled};
    }
    if (el.classList.contains('widget-hprogress')) {
      return {...base, type: 'progress', width: el.querySelector('.progress-bar').style.width};
    }
    return {...base, type: 'play', label: label || 'play'};
  });
}
"""
