// .npy files: NumPy reads what we write, we read what NumPy writes, malformed files fail.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "../support/shell.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

using iblrnn::testing::python_with_numpy;
using iblrnn::testing::run_command;
using iblrnn::testing::TempDir;

TEST(Npy, NumpyLoadsEveryDtypeWeWrite) {
  TempDir dir;
  std::vector<double> d = {1.5, -2.25, 3, 4, 5, 6.125};
  write_npy(dir / "d.npy", d, {2, 3});
  write_npy(dir / "f.npy", std::vector<float>{1.5f, -2.0f});
  write_npy(dir / "i8.npy", std::vector<std::int64_t>{-1, 1LL << 40});
  write_npy(dir / "i4.npy", std::vector<std::int32_t>{7, -7, 9});
  write_npy(dir / "i1.npy", std::vector<std::int8_t>{-1, 0, 1});
  write_npy(dir / "u1.npy", std::vector<std::uint8_t>{0, 255});
  write_npy(dir / "empty.npy", std::vector<double>{}, {0, 3});
  const std::string script =
      "import numpy as np, sys; p=sys.argv[1]\n"
      "a=np.load(p+'/d.npy'); assert a.dtype==np.float64 and a.shape==(2,3) and a[1,2]==6.125 and a[0,1]==-2.25\n"
      "assert np.load(p+'/f.npy').dtype==np.float32\n"
      "b=np.load(p+'/i8.npy'); assert b.dtype==np.int64 and b[1]==2**40\n"
      "c=np.load(p+'/i4.npy'); assert c.dtype==np.int32 and list(c)==[7,-7,9]\n"
      "assert list(np.load(p+'/i1.npy'))==[-1,0,1]\n"
      "assert list(np.load(p+'/u1.npy'))==[0,255]\n"
      "assert np.load(p+'/empty.npy').shape==(0,3)\n"
      "print('numpy-ok')\n";
  std::ofstream(dir / "check.py") << script;
  const auto r = run_command(std::string(python_with_numpy()) + " " + (dir / "check.py") + " " + dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("numpy-ok"), std::string::npos) << r.output;
}

TEST(Npy, ReadsWhatNumpyWrites) {
  TempDir dir;
  const auto r = run_command(std::string(python_with_numpy()) + " -c \"import numpy as np; "
                             "np.save('" + (dir / "a.npy") + "', np.arange(12, dtype=np.int16).reshape(3,4)*-1); "
                             "np.save('" + (dir / "b.npy") + "', np.array([[0.5,np.nan],[1,2]])); "
                             "np.save('" + (dir / "c.npy") + "', np.array([True,False]))\"");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const NpyArray a = read_npy(dir / "a.npy");
  EXPECT_EQ(a.shape, (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(a.data[11], -11);
  const NpyArray b = read_npy(dir / "b.npy");
  EXPECT_EQ(b.data[0], 0.5);
  EXPECT_TRUE(std::isnan(b.data[1]));
  EXPECT_EQ(read_npy(dir / "c.npy").data, (std::vector<double>{1, 0}));
}

TEST(Npy, RoundTripsThroughOurReader) {
  TempDir dir;
  std::vector<double> d(7 * 3);
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = 0.1 * i - 1;
  write_npy(dir / "x.npy", d, {7, 3});
  const NpyArray a = read_npy(dir / "x.npy");
  EXPECT_EQ(a.shape, (std::vector<std::size_t>{7, 3}));
  EXPECT_EQ(a.data, d);
}

TEST(Npy, MalformedFilesNameTheFile) {
  TempDir dir;
  std::ofstream(dir / "bad.npy") << "not numpy";
  try {
    read_npy(dir / "bad.npy");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "bad.npy") + ": not a supported .npy file: bad magic");
  }
  EXPECT_THROW(read_npy(dir / "missing.npy"), IoError);
}
