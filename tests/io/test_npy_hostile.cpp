// The .npy reader validates every header field against the file's actual size before it
// allocates: malformed shapes, huge counts, truncated or padded data are one-line
// InvalidInput errors naming the file.
#include <gtest/gtest.h>

#include <fstream>

#include "../support/shell.hpp"
#include "../support/validation.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

using iblrnn::testing::TempDir;

namespace {

// A version-1.0 .npy file with the given header dict and `data_bytes` zero bytes of data.
std::string make_npy(const TempDir& dir, const std::string& dict, std::size_t data_bytes) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(h.size() & 0xff);
  bytes += static_cast<char>(h.size() >> 8);
  bytes += h;
  bytes += std::string(data_bytes, '\0');
  const std::string path = dir / "a.npy";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string error_of(const std::string& path) {
  return iblrnn::testing::invalid_input_message([&] { read_npy(path); }, "(no InvalidInput)");
}

}  // namespace

TEST(NpyHostile, MalformedShapesAreRefusedNamingTheFile) {
  TempDir dir;
  const std::vector<std::string> shapes = {"(-1,)", "(abc,)", "(6.5,)", "(99999999999999999999,)",
                                           "(2305843009213693952,)", "(100000000000,)",
                                           "(9223372036854775808, 2)", "(3,"};
  for (const auto& shape : shapes) {
    const std::string path =
        make_npy(dir, "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", 24);
    const std::string msg = error_of(path);
    EXPECT_NE(msg.find(path + ": not a supported .npy file"), std::string::npos) << shape << ": " << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

TEST(NpyHostile, DataSizeMustMatchTheShape) {
  TempDir dir;
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
  EXPECT_NE(error_of(make_npy(dir, dict, 16)).find("needs 24 data bytes, the file holds 16"),
            std::string::npos);
  EXPECT_NE(error_of(make_npy(dir, dict, 32)).find("the file holds 32"), std::string::npos);
  EXPECT_EQ(read_npy(make_npy(dir, dict, 24)).data, (std::vector<double>{0, 0, 0}));
  const auto empty = read_npy(make_npy(dir, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", 0));
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(read_npy(make_npy(dir, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0), }", 0)).shape,
            (std::vector<std::size_t>{2, 0}));
}

TEST(NpyHostile, HeaderFieldsAreChecked) {
  TempDir dir;
  EXPECT_NE(error_of(make_npy(dir, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", 16))
                .find("unsupported dtype"), std::string::npos);
  EXPECT_NE(error_of(make_npy(dir, "{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", 8))
                .find("Fortran order"), std::string::npos);
  EXPECT_NE(error_of(make_npy(dir, "{'descr': '<f8, 'fortran_order': False, 'shape': (1,), }", 8))
                .find("not a supported"), std::string::npos);
  EXPECT_NE(error_of(make_npy(dir, "{'descr': '<f8', 'fortran_order': False}", 8)).find("no shape"),
            std::string::npos);
  // A header length beyond the end of the file.
  const std::string path = dir / "b.npy";
  std::ofstream(path, std::ios::binary) << std::string("\x93NUMPY\x02\x00\xff\xff\xff\x7f{", 13);
  EXPECT_NE(error_of(path).find("exceeds the file size"), std::string::npos) << error_of(path);
  EXPECT_THROW(read_npy(dir.path()), IoError);  // a folder
}
