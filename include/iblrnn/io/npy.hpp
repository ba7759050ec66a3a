// NumPy .npy files (format version 1.0/2.0): little-endian numeric arrays in C order.
// Supported dtypes: <f8 <f4 <i8 <i4 <i2 |i1 |u1 |b1. Fortran order and object arrays are
// rejected with an error naming the file. Writes are atomic (temp file, then rename).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace iblrnn::io {

/// An array read from a .npy file, converted to double (C order, shape as in the file).
struct NpyArray {
  std::vector<std::size_t> shape;
  std::string dtype;             // the file's descr, e.g. "<f8"
  std::vector<double> data;      // prod(shape) values, C order
  std::size_t size() const { return data.size(); }
};

/// Reads a .npy file. Throws IoError if unreadable, InvalidInput if malformed/unsupported.
NpyArray read_npy(const std::string& path);

/// Writes `data` (prod(shape) values, C order) with the dtype of T. Atomic.
template <class T>
void write_npy(const std::string& path, const T* data, const std::vector<std::size_t>& shape);

template <class T>
void write_npy(const std::string& path, const std::vector<T>& data,
               const std::vector<std::size_t>& shape) {
  write_npy(path, data.data(), shape);
}

/// The header of a .npy file holding shape `shape` of T's dtype, padded with spaces to a
/// multiple of 64 bytes and to at least `min_length` bytes (so that a streamed file's header
/// can be rewritten in place once its length is known; npy_stream.hpp).
template <class T>
std::string npy_header(const std::vector<std::size_t>& shape, std::size_t min_length = 0);

/// 1-D convenience: shape (data.size(),).
template <class T>
void write_npy(const std::string& path, const std::vector<T>& data) {
  write_npy(path, data.data(), {data.size()});
}

}  // namespace iblrnn::io
