#include "iblrnn/io/npy_stream.hpp"

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace {

constexpr std::size_t kHeaderLength = 128;  // room for any 64-bit row count

template <class T>
std::string header(std::size_t n_rows, const std::vector<std::size_t>& row) {
  std::vector<std::size_t> shape{n_rows};
  shape.insert(shape.end(), row.begin(), row.end());
  return npy_header<T>(shape, kHeaderLength);
}

}  // namespace

template <class T>
NpyStream<T>::NpyStream(std::string path, std::vector<std::size_t> row)
    : path_(std::move(path)), row_(std::move(row)) {
  for (auto r : row_) row_size_ *= r;
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) throw IoError(path_, "cannot open for writing");
  const std::string h = header<T>(0, row_);
  check_internal(h.size() == kHeaderLength, "NpyStream: header length");
  if (std::fwrite(h.data(), 1, h.size(), file_) != h.size()) throw IoError(path_, "write failed");
}

template <class T>
NpyStream<T>::~NpyStream() {
  if (file_) std::fclose(file_);  // abandoned: the staging folder is removed with it
}

template <class T>
void NpyStream<T>::append(const T* data, std::size_t n_rows) {
  if (!file_) throw IoError(path_, "append after close");
  const std::size_t n = n_rows * row_size_;
  if (n > 0 && std::fwrite(data, sizeof(T), n, file_) != n) throw IoError(path_, "write failed");
  n_rows_ += n_rows;
}

template <class T>
void NpyStream<T>::close() {
  if (!file_) return;
  const std::string h = header<T>(n_rows_, row_);
  check_internal(h.size() == kHeaderLength, "NpyStream: header length");
  const bool ok = std::fseek(file_, 0, SEEK_SET) == 0 &&
                  std::fwrite(h.data(), 1, h.size(), file_) == h.size();
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!ok || !closed) throw IoError(path_, "write failed");
}

template class NpyStream<double>;
template class NpyStream<std::int64_t>;
template class NpyStream<std::int32_t>;
template class NpyStream<std::int8_t>;
template class NpyStream<std::uint8_t>;

}  // namespace iblrnn::io
