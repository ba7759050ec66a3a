#include "iblrnn/io/npy.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "iblrnn/core/error.hpp"

namespace iblrnn {
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

std::string dict_value(const std::string& dict, const std::string& key) {
  const auto k = dict.find("'" + key + "'");
  if (k == std::string::npos) return "";
  auto colon = dict.find(':', k);
  if (colon == std::string::npos) return "";
  std::size_t b = dict.find_first_not_of(' ', colon + 1);
  if (b == std::string::npos) return "";
  std::size_t e;
  if (dict[b] == '(') e = dict.find(')', b) + 1;
  else if (dict[b] == '\'') e = dict.find('\'', b + 1) + 1;
  else e = dict.find(',', b);
  return dict.substr(b, e - b);
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
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path, "cannot open for writing");
    const std::string h = header_for(descr<T>(), shape);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    if constexpr (std::is_same_v<T, bool>) {
      for (std::size_t i = 0; i < n; ++i) out.put(data[i] ? 1 : 0);
    } else {
      out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n * sizeof(T)));
    }
    if (!out) throw IoError(path, "write failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw IoError(path, "cannot rename temporary file into place");
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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open for reading");
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) malformed(path, "bad magic");
  const int major = static_cast<unsigned char>(magic[6]);
  std::size_t header_len = 0;
  if (major == 1) {
    unsigned char l[2];
    if (!in.read(reinterpret_cast<char*>(l), 2)) malformed(path, "truncated header");
    header_len = l[0] | (l[1] << 8);
  } else if (major == 2 || major == 3) {
    unsigned char l[4];
    if (!in.read(reinterpret_cast<char*>(l), 4)) malformed(path, "truncated header");
    header_len = l[0] | (l[1] << 8) | (l[2] << 16) | (std::size_t(l[3]) << 24);
  } else {
    malformed(path, "unknown version " + std::to_string(major));
  }
  std::string dict(header_len, '\0');
  if (!in.read(dict.data(), static_cast<std::streamsize>(header_len))) malformed(path, "truncated header");
  NpyArray a;
  std::string d = dict_value(dict, "descr");
  if (d.size() < 2) malformed(path, "no descr");
  a.dtype = d.substr(1, d.size() - 2);
  if (dict_value(dict, "fortran_order") != "False") malformed(path, "Fortran order");
  std::string shape = dict_value(dict, "shape");
  if (shape.empty() || shape.front() != '(') malformed(path, "no shape");
  std::stringstream ss(shape.substr(1, shape.size() - 2));
  std::string item;
  std::size_t n = 1;
  while (std::getline(ss, item, ',')) {
    if (item.find_first_not_of(' ') == std::string::npos) continue;
    const std::size_t dim = std::stoull(item);
    a.shape.push_back(dim);
    n *= dim;
  }
  std::size_t width = 0;
  const std::string& t = a.dtype;
  if (t == "<f8" || t == "<i8" || t == "<u8") width = 8;
  else if (t == "<f4" || t == "<i4" || t == "<u4") width = 4;
  else if (t == "<i2" || t == "<u2") width = 2;
  else if (t == "|i1" || t == "|u1" || t == "|b1") width = 1;
  else malformed(path, "unsupported dtype '" + t + "'");
  std::vector<char> bytes(n * width);
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

}  // namespace iblrnn
