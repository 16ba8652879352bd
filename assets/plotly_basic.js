/* dcc.Graph (Dash 4) loads plotly.js on demand from window._dashPlotlyJSURL, which dash-renderer
 * sets to the full 4.7 MB bundle. Pin it to our vendored basic bundle (bar, scatter, pie; see
 * assets/vendor/README) so chart pages load ~0.4 MB compressed and other pages load none. */
(function () {
    var url = "/assets/vendor/plotly-basic-4.1.1.min.js";
    Object.defineProperty(window, "_dashPlotlyJSURL", {
        get: function () { return url; },
        set: function () { /* dash-renderer's assignment is ignored on purpose */ },
        configurable: false
    });
})();
