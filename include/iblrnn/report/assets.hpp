// The report's front-end libraries, inlined at build time (cmake/report_assets.cmake) from the
// npm packages pinned by report/package-lock.json: Vega, Vega-Lite and vega-embed, minified
// UMD bundles, so that report.html renders its figures without any network access.
#pragma once

#include <cstddef>

namespace iblrnn::report::assets {

extern const char vega_js[];             // vega.min.js
extern const std::size_t vega_js_size;
extern const char vega_version[];        // e.g. "6.4.0"
extern const char vega_lite_js[];        // vega-lite.min.js
extern const std::size_t vega_lite_js_size;
extern const char vega_lite_version[];
extern const char vega_embed_js[];       // vega-embed.min.js
extern const std::size_t vega_embed_js_size;
extern const char vega_embed_version[];

}  // namespace iblrnn::report::assets
