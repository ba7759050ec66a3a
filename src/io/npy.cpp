#include "iblrnn/io/npy.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace {

template <class T>
const char* descr();
template <> const char* descr<double>() { return "<f8"; }
template <> const char* descr<float>() { return "<f4"; }
template <> const char* descr<std::int64_t>() { return "<i8"; }
template <> const char* descr<std::int32_t>() { return "<i4"; }
template <> const char* descr<std::int16_t>() { return "<i2"; }
template <> const char* descr<std::int8_t>() { return "|i1"; }
template <> const char* descr<std::uint8_t>() { return "|u1"; }
template <> const char* descr<bool>() { return "|b1"; }

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    s += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) s += ",";
    if (i + 1 < shape.size()) s += " ";
  }
  return s + ")";
}

std::string header_for(const char* d, const std::vector<std::size_t>& shape,
                       std::size_t min_length = 0) {
  std::string dict = std::string("{'descr': '") + d + "', 'fortran_order': False, 'shape': " +
                     shape_text(shape) + ", }";
  // Magic (6) + version (2) + header length (2) + dict + padding + '\n', total % 64 == 0.
  std::size_t total = 10 + dict.size() + 1;
  std::size_t pad = (64 - total % 64) % 64;
  while (total + pad < min_length) pad += 64;
  dict.append(pad, ' ');
  dict += '\n';
  std::string h = "\x93NUMPY";
  h += '\x01';
  h += '\x00';
  const auto len = static_cast<std::uint16_t>(dict.size());
  h += static_cast<char>(len & 0xff);
  h += static_cast<char>(len >> 8);
  return h + dict;
}

[[noreturn]] void malformed(const std::string& path, const std::string& why) {
  throw InvalidInput(path + ": not a supported .npy file: " + why);
}

// The value of `key` in the header dict, as its source text ('<f8', False, (3, 4)); empty if
// the key is missing or its value is not terminated.
std::string dict_value(const std::string& dict, const std::string& key) {
  const auto k = dict.find("'" + key + "'");
  if (k == std::string::npos) return "";
  const auto colon = dict.find(':', k);
  if (colon == std::string::npos) return "";
  const std::size_t b = dict.find_first_not_of(' ', colon + 1);
  if (b == std::string::npos) return "";
  std::size_t e;
  if (dict[b] == '(') {
    e = dict.find(')', b);
    if (e == std::string::npos) return "";
    ++e;
  } else if (dict[b] == '\'') {
    e = dict.find('\'', b + 1);
    if (e == std::string::npos) return "";
    ++e;
  } else {
    e = dict.find_first_of(",}", b);
    if (e == std::string::npos) return "";
  }
  std::string v = dict.substr(b, e - b);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

// Parses "(d0, d1, ...)" with every d a non-negative decimal integer; the product must fit
// in `max_count`. Throws InvalidInput naming the file.
std::vector<std::size_t> parse_shape(const std::string& path, const std::string& text,
                                     std::uint64_t max_count, std::uint64_t& count) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    malformed(path, "shape must be a tuple of non-negative integers, got " + text.substr(0, 40));
  std::vector<std::size_t> shape;
  count = 1;
  std::size_t i = 1;
  const std::size_t end = text.size() - 1;
  while (i < end) {
    while (i < end && text[i] == ' ') ++i;
    if (i == end) break;
    std::uint64_t d = 0;
    std::size_t digits = 0;
    while (i < end && text[i] >= '0' && text[i] <= '9') {
      if (d > (std::uint64_t(1) << 62) / 10) malformed(path, "shape dimension too large in " + text.substr(0, 40));
      d = d * 10 + std::uint64_t(text[i] - '0');
      ++i, ++digits;
    }
    while (i < end && text[i] == ' ') ++i;
    if (digits == 0 || (i < end && text[i] != ','))
      malformed(path, "shape must be a tuple of non-negative integers, got " + text.substr(0, 40));
    if (i < end) ++i;  // the comma
    if (shape.size() == 32) malformed(path, "more than 32 dimensions");
    shape.push_back(static_cast<std::size_t>(d));
    if (d != 0 && count > max_count / d) count = max_count + 1;
    else count *= d;
  }
  if (shape.empty() && text != "()") malformed(path, "shape must be a tuple of non-negative integers, got " + text);
  return shape;
}

template <class T>
void convert(const char* bytes, std::size_t n, std::vector<double>& out) {
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
    out[i] = static_cast<double>(v);
  }
}

}  // namespace

template <class T>
std::string npy_header(const std::vector<std::size_t>& shape, std::size_t min_length) {
  return header_for(descr<T>(), shape, min_length);
}

template std::string npy_header<double>(const std::vector<std::size_t>&, std::size_t);
template std::string npy_header<std::int64_t>(const std::vector<std::size_t>&, std::size_t);
template std::string npy_header<std::int32_t>(const std::vector<std::size_t>&, std::size_t);
template std::string npy_header<std::int8_t>(const std::vector<std::size_t>&, std::size_t);
template std::string npy_header<std::uint8_t>(const std::vector<std::size_t>&, std::size_t);

template <class T>
void write_npy(const std::string& path, const T* data, const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (auto s : shape) n *= s;
  const std::string h = header_for(descr<T>(), shape);
  if constexpr (std::is_same_v<T, bool>) {
    std::string bytes(n, '\0');
    for (std::size_t i = 0; i < n; ++i) bytes[i] = data[i] ? 1 : 0;
    write_file_atomic(path, {h, bytes});
  } else {
    write_file_atomic(path, {h, std::string_view(reinterpret_cast<const char*>(data), n * sizeof(T))});
  }
}

template void write_npy<double>(const std::string&, const double*, const std::vector<std::size_t>&);
template void write_npy<float>(const std::string&, const float*, const std::vector<std::size_t>&);
template void write_npy<std::int64_t>(const std::string&, const std::int64_t*, const std::vector<std::size_t>&);
template void write_npy<std::int32_t>(const std::string&, const std::int32_t*, const std::vector<std::size_t>&);
template void write_npy<std::int16_t>(const std::string&, const std::int16_t*, const std::vector<std::size_t>&);
template void write_npy<std::int8_t>(const std::string&, const std::int8_t*, const std::vector<std::size_t>&);
template void write_npy<std::uint8_t>(const std::string&, const std::uint8_t*, const std::vector<std::size_t>&);
template void write_npy<bool>(const std::string&, const bool*, const std::vector<std::size_t>&);

NpyArray read_npy(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path, "is a folder, not a .npy file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open for reading");
  in.seekg(0, std::ios::end);
  const auto file_size = static_cast<std::uint64_t>(std::max<std::streamoff>(0, in.tellg()));
  in.seekg(0);
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) malformed(path, "bad magic");
  const int major = static_cast<unsigned char>(magic[6]);
  std::uint64_t header_len = 0, prefix = 0;
  if (major == 1) {
    unsigned char l[2];
    if (!in.read(reinterpret_cast<char*>(l), 2)) malformed(path, "truncated header");
    header_len = l[0] | (l[1] << 8);
    prefix = 10;
  } else if (major == 2 || major == 3) {
    unsigned char l[4];
    if (!in.read(reinterpret_cast<char*>(l), 4)) malformed(path, "truncated header");
    header_len = l[0] | (l[1] << 8) | (l[2] << 16) | (std::uint64_t(l[3]) << 24);
    prefix = 12;
  } else {
    malformed(path, "unknown version " + std::to_string(major));
  }
  if (header_len > file_size - std::min(file_size, prefix))
    malformed(path, "header length " + std::to_string(header_len) + " exceeds the file size");
  std::string dict(header_len, '\0');
  if (!in.read(dict.data(), static_cast<std::streamsize>(header_len))) malformed(path, "truncated header");
  NpyArray a;
  std::string d = dict_value(dict, "descr");
  if (d.size() < 3 || d.front() != '\'' || d.back() != '\'') malformed(path, "no descr");
  a.dtype = d.substr(1, d.size() - 2);
  if (dict_value(dict, "fortran_order") != "False") malformed(path, "Fortran order");
  std::size_t width = 0;
  const std::string& t = a.dtype;
  if (t == "<f8" || t == "<i8" || t == "<u8") width = 8;
  else if (t == "<f4" || t == "<i4" || t == "<u4") width = 4;
  else if (t == "<i2" || t == "<u2") width = 2;
  else if (t == "|i1" || t == "|u1" || t == "|b1") width = 1;
  else malformed(path, "unsupported dtype '" + t.substr(0, 20) + "'");
  // The element count is checked against the bytes the file actually holds before anything
  // is allocated.
  const std::uint64_t data_bytes = file_size - prefix - header_len;
  std::uint64_t n = 0;
  const std::string shape_text = dict_value(dict, "shape");
  if (shape_text.empty()) malformed(path, "no shape");
  const std::uint64_t max_count = (std::uint64_t(1) << 62) / width;
  a.shape = parse_shape(path, shape_text, max_count, n);
  if (n > max_count) malformed(path, "shape " + shape_text.substr(0, 40) + " holds too many elements");
  if (n * width != data_bytes) {
    malformed(path, "shape " + shape_text.substr(0, 40) + " needs " + std::to_string(n * width) +
                        " data bytes, the file holds " + std::to_string(data_bytes));
  }
  std::vector<char> bytes(static_cast<std::size_t>(n * width));
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) malformed(path, "truncated data");
  const char* b = bytes.data();
  if (t == "<f8") convert<double>(b, n, a.data);
  else if (t == "<f4") convert<float>(b, n, a.data);
  else if (t == "<i8") convert<std::int64_t>(b, n, a.data);
  else if (t == "<u8") convert<std::uint64_t>(b, n, a.data);
  else if (t == "<i4") convert<std::int32_t>(b, n, a.data);
  else if (t == "<u4") convert<std::uint32_t>(b, n, a.data);
  else if (t == "<i2") convert<std::int16_t>(b, n, a.data);
  else if (t == "<u2") convert<std::uint16_t>(b, n, a.data);
  else if (t == "|i1") convert<std::int8_t>(b, n, a.data);
  else convert<std::uint8_t>(b, n, a.data);
  return a;
}

}  // namespace iblrnn::io
