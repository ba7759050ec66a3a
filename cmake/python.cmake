# Finds the Python interpreter and pybind11 for the Python package (python/).
# The package targets Debian's /usr/bin/python3 (with NumPy) unless Python_EXECUTABLE is
# given, so that an interpreter found first on PATH (pyenv, conda) is not picked by accident.
# Sets IBLRNN_PYTHON_FOUND and, when found, compiles every library position-independent
# (they are linked into the extension module).
set(IBLRNN_PYTHON_FOUND OFF)
if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Interpreter of the Python package")
endif()
find_package(Python 3.8 COMPONENTS Interpreter Development.Module QUIET)
if(Python_FOUND)
  set(PYBIND11_FINDPYTHON ON)
  find_package(pybind11 2.6 CONFIG QUIET)
endif()
if(Python_FOUND AND pybind11_FOUND)
  set(IBLRNN_PYTHON_FOUND ON)
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  # Where `cmake --install` puts the package: the interpreter's own site folder for local
  # installs (Debian: /usr/local/lib/python3.X/dist-packages), unless given.
  if(NOT IBLRNN_PYTHON_INSTALL_DIR)
    execute_process(COMMAND ${Python_EXECUTABLE} -c "import sysconfig; print(sysconfig.get_path('platlib'))"
                    OUTPUT_VARIABLE _iblrnn_site OUTPUT_STRIP_TRAILING_WHITESPACE)
    set(IBLRNN_PYTHON_INSTALL_DIR "${_iblrnn_site}" CACHE PATH
        "Folder that receives the iblrnn Python package on install")
  endif()
  message(STATUS "iblrnn Python package: ${Python_EXECUTABLE} (pybind11 ${pybind11_VERSION}), installs into ${IBLRNN_PYTHON_INSTALL_DIR}")
else()
  message(STATUS "iblrnn Python package: not built (needs Python 3 with headers and pybind11: Debian python3-dev, pybind11-dev)")
endif()
