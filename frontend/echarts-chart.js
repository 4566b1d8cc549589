/*
 * <fs-echart>: Folioscope's ECharts web component.
 *
 * The server side is dev.folioscope.web.echarts.EChart. The server sets:
 *   option     - the ECharts option as a JSON string (functions cannot be sent;
 *                use ECharts' string templates for formatters)
 *   notMerge   - true: each option replaces the previous one (echarts notMerge)
 *   pngExport  - true: adds the toolbox "save as image" (PNG) button
 * Properties set before this element is upgraded shadow the setters below;
 * connectedCallback re-applies them.
 *
 * Events: chart clicks are re-dispatched as a bubbling DOM event "chart-click"
 * with detail {seriesIndex, seriesName, dataIndex, name, value, componentType};
 * value is JSON.stringify(params.value).
 *
 * For tests and other scripts: the element's `chart` property is the ECharts
 * instance (null while disconnected); `renderFinished` is true once ECharts has
 * finished rendering the latest option (animations included).
 */
import * as echarts from 'echarts';

const STYLE = `
  :host { display: block; position: relative; width: 100%; height: 100%; min-height: 120px; }
  .chart { position: absolute; inset: 0; }
`;

class FsEChart extends HTMLElement {
  constructor() {
    super();
    this._option = null;
    this._notMerge = false;
    this._pngExport = false;
    this._pngShown = false;
    this._chart = null;
    this._resizeObserver = null;
    this._frame = 0;
    this.renderFinished = false;
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    this._container = document.createElement('div');
    this._container.className = 'chart';
    this._container.setAttribute('part', 'chart');
    root.append(style, this._container);
  }

  connectedCallback() {
    for (const name of ['option', 'notMerge', 'pngExport']) {
      this._upgradeProperty(name);
    }
    this._chart = echarts.init(this._container, null, { renderer: 'canvas' });
    this._chart.on('click', (params) => this._onClick(params));
    this._chart.on('finished', () => { this.renderFinished = true; });
    this._resizeObserver = new ResizeObserver(() => this._scheduleResize());
    this._resizeObserver.observe(this);
    this._apply(true);
  }

  disconnectedCallback() {
    if (this._resizeObserver) {
      this._resizeObserver.disconnect();
      this._resizeObserver = null;
    }
    cancelAnimationFrame(this._frame);
    if (this._chart) {
      this._chart.dispose();
      this._chart = null;
    }
    this._pngShown = false;
    this.renderFinished = false;
  }

  /** The ECharts instance, or null while the element is not connected. */
  get chart() {
    return this._chart;
  }

  /** The chart's container inside the shadow root (echarts.getInstanceByDom works on it). */
  get chartContainer() {
    return this._container;
  }

  get option() {
    return this._option;
  }

  set option(value) {
    this._option = value == null || value === '' ? null : String(value);
    this._apply(false);
  }

  get notMerge() {
    return this._notMerge;
  }

  set notMerge(value) {
    this._notMerge = Boolean(value);
  }

  get pngExport() {
    return this._pngExport;
  }

  set pngExport(value) {
    this._pngExport = Boolean(value);
    this._apply(false);
  }

  _upgradeProperty(name) {
    if (Object.prototype.hasOwnProperty.call(this, name)) {
      const value = this[name];
      delete this[name];
      this[name] = value;
    }
  }

  _apply(fresh) {
    if (!this._chart || this._option == null) {
      return;
    }
    let option;
    try {
      option = JSON.parse(this._option);
    } catch (e) {
      console.error('fs-echart: option is not valid JSON', e);
      return;
    }
    this._addPngExport(option);
    this.renderFinished = false;
    this._chart.setOption(option, { notMerge: fresh || this._notMerge });
  }

  _addPngExport(option) {
    let toolbox = Array.isArray(option.toolbox) ? option.toolbox[0] : option.toolbox;
    if (!this._pngExport) {
      // In merge mode a save button shown before would survive: hide it explicitly.
      if (this._pngShown && !toolbox) {
        toolbox = option.toolbox = {};
      }
      if (toolbox) {
        toolbox.feature = toolbox.feature || {};
        if (toolbox.feature.saveAsImage === undefined) {
          toolbox.feature.saveAsImage = { show: false };
        }
      }
      this._pngShown = false;
      return;
    }
    this._pngShown = true;
    if (!toolbox) {
      toolbox = option.toolbox = { right: 8, top: 4 };
    }
    toolbox.show = true;
    toolbox.feature = toolbox.feature || {};
    toolbox.feature.saveAsImage = Object.assign(
      { show: true, type: 'png', pixelRatio: 2, name: 'folioscope-chart', title: 'Save as PNG' },
      toolbox.feature.saveAsImage || {});
  }

  _scheduleResize() {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => {
      if (this._chart) {
        this._chart.resize();
      }
    });
  }

  _onClick(params) {
    let value = null;
    try {
      value = params.value === undefined ? null : JSON.stringify(params.value);
    } catch (e) {
      value = String(params.value);
    }
    this.dispatchEvent(new CustomEvent('chart-click', {
      bubbles: true,
      composed: true,
      detail: {
        componentType: params.componentType ?? null,
        seriesIndex: Number.isInteger(params.seriesIndex) ? params.seriesIndex : -1,
        seriesName: params.seriesName ?? null,
        dataIndex: Number.isInteger(params.dataIndex) ? params.dataIndex : -1,
        name: params.name ?? null,
        value,
      },
    }));
  }
}

if (!customElements.get('fs-echart')) {
  customElements.define('fs-echart', FsEChart);
}
