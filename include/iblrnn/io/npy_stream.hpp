// NpyStream: a .npy array written row block by row block, so that a long run's arrays go to
// disk as they are produced instead of being held whole in memory. The file starts with a
// 128-byte header for shape (0, row...) and the rows follow; close() rewrites the header
// with the final row count (n_rows, row...). Files are written in place: streams write into
// a run's staging folder (io/output_folder.hpp, OutputFolder), which makes the whole folder atomic.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace iblrnn::io {

template <class T>
class NpyStream {
 public:
  /// Opens `path` for rows of shape `row` (empty: a 1-D array). Throws IoError.
  NpyStream(std::string path, std::vector<std::size_t> row = {});
  ~NpyStream();
  NpyStream(const NpyStream&) = delete;
  NpyStream& operator=(const NpyStream&) = delete;

  /// Appends n_rows rows (n_rows · prod(row) values, C order). Throws IoError.
  void append(const T* data, std::size_t n_rows);
  void append(const std::vector<T>& data) { append(data.data(), data.size() / row_size_); }

  /// Writes the final header and closes the file. Throws IoError. Idempotent.
  void close();

  std::size_t rows() const { return n_rows_; }

 private:
  std::string path_;
  std::vector<std::size_t> row_;
  std::size_t row_size_ = 1;
  std::size_t n_rows_ = 0;
  std::FILE* file_ = nullptr;
};

}  // namespace iblrnn::io
