# Inlines the report's front-end libraries (Vega, Vega-Lite, vega-embed; npm packages pinned
# by report/package-lock.json and installed into report/node_modules by `npm ci`, which
# scripts/install_deps.sh runs) into the report library as a generated source file, so that
# report.html is self-contained and the build itself needs no network.
set(IBLRNN_REPORT_NODE_MODULES ${PROJECT_SOURCE_DIR}/report/node_modules)
set(IBLRNN_REPORT_ASSET_FILES
  ${IBLRNN_REPORT_NODE_MODULES}/vega/build/vega.min.js
  ${IBLRNN_REPORT_NODE_MODULES}/vega-lite/build/vega-lite.min.js
  ${IBLRNN_REPORT_NODE_MODULES}/vega-embed/build/vega-embed.min.js
  ${IBLRNN_REPORT_NODE_MODULES}/vega/package.json
  ${IBLRNN_REPORT_NODE_MODULES}/vega-lite/package.json
  ${IBLRNN_REPORT_NODE_MODULES}/vega-embed/package.json)
foreach(asset ${IBLRNN_REPORT_ASSET_FILES})
  if(NOT EXISTS ${asset})
    message(FATAL_ERROR
      "iblrnn: the HTML report's front-end libraries are not installed (${asset} is missing). "
      "Run scripts/install_deps.sh (it runs 'npm ci' in report/), then configure again.")
  endif()
endforeach()

set(IBLRNN_REPORT_ASSETS_CPP ${CMAKE_BINARY_DIR}/generated/report_assets.cpp)
add_custom_command(
  OUTPUT ${IBLRNN_REPORT_ASSETS_CPP}
  COMMAND ${CMAKE_COMMAND} -DNODE_MODULES=${IBLRNN_REPORT_NODE_MODULES}
          -DOUT=${IBLRNN_REPORT_ASSETS_CPP} -P ${PROJECT_SOURCE_DIR}/cmake/embed_report_assets.cmake
  DEPENDS ${IBLRNN_REPORT_ASSET_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_report_assets.cmake
  COMMENT "Inlining Vega, Vega-Lite and vega-embed into the report library"
  VERBATIM)
target_sources(iblrnn_report PRIVATE ${IBLRNN_REPORT_ASSETS_CPP})
