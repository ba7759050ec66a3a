// Field parsing and TOML formatting used by config files and --set.
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/fields.hpp"

using namespace iblrnn::core;


TEST(Fields, ParsesEveryTypeAndRoundTripsThroughToml) {
  int i = 0;
  double d = 0;
  bool b = false;
  std::string s;
  std::vector<double> v;
  std::int64_t l = 0;
  std::vector<FieldRef> f = {{"i", "", &i}, {"d", "", &d}, {"b", "", &b},
                             {"s", "", &s}, {"v", "", &v}, {"l", "", &l}};
  assign_from_string(f[0], " 42 ", "t");
  assign_from_string(f[1], "0.1", "t");
  assign_from_string(f[2], "true", "t");
  assign_from_string(f[3], "\"a\\b\"", "t");
  assign_from_string(f[4], "[0, 0.5, 2.5]", "t");
  assign_from_string(f[5], "12345678901", "t");
  EXPECT_EQ(i, 42);
  EXPECT_EQ(d, 0.1);
  EXPECT_TRUE(b);
  EXPECT_EQ(s, "a\\b");
  EXPECT_EQ(v, (std::vector<double>{0, 0.5, 2.5}));
  EXPECT_EQ(l, 12345678901);
  EXPECT_EQ(field_to_toml(f[1]), "0.10000000000000001");
  EXPECT_EQ(field_to_toml(f[4]), "[0.0, 0.5, 2.5]");
  EXPECT_EQ(field_to_toml(f[3]), "\"a\\\\b\"");
  double back = 0;
  FieldRef g{"g", "", &back};
  assign_from_string(g, field_to_toml(f[1]), "t");
  EXPECT_EQ(back, d);
  EXPECT_EQ(kebab_case("n_blocks"), "n-blocks");
}

TEST(Fields, MalformedValuesNameTheFieldAndValue) {
  int i = 0;
  double d = 0;
  bool b = false;
  std::vector<double> v;
  auto msg = [](const FieldRef& f, const std::string& text) {
    try {
      assign_from_string(f, text, "--set task." + f.name);
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(msg({"n_blocks", "", &i}, "abc"), "--set task.n_blocks: n_blocks expects an integer, got 'abc'");
  EXPECT_EQ(msg({"n_blocks", "", &i}, "1.5"), "--set task.n_blocks: n_blocks expects an integer, got '1.5'");
  EXPECT_EQ(msg({"p", "", &d}, "x1"), "--set task.p: p expects a number, got 'x1'");
  EXPECT_EQ(msg({"flag", "", &b}, "yes"), "--set task.flag: flag expects true or false, got 'yes'");
  EXPECT_EQ(msg({"signals", "", &v}, "[0, a]"), "--set task.signals: signals expects a list of numbers like [0, 0.5], got '[0, a]'");
}

namespace {
enum class Shade { light, dark_grey };
constexpr std::array<std::string_view, 2> choice_names(Shade) { return {"light", "dark grey"}; }
}  // namespace

TEST(Fields, AChoiceIsReadAndWrittenByItsDeclaredNames) {
  Shade shade = Shade::light;
  const FieldRef f = choice_field("shade", "", &shade);
  assign_from_string(f, " 'dark grey' ", "t");
  EXPECT_EQ(shade, Shade::dark_grey);
  EXPECT_EQ(field_to_toml(f), "\"dark grey\"");
  assign_from_string(f, "light", "t");
  EXPECT_EQ(shade, Shade::light);
  EXPECT_EQ(choice_name(Shade::dark_grey), "dark grey");
  EXPECT_EQ(choice_from_name<Shade>("light"), Shade::light);
  EXPECT_FALSE(choice_from_name<Shade>("Light").has_value());
  EXPECT_EQ(choice_list<Shade>(), "light | dark grey");
  try {
    assign_from_string(f, "black", "[look]");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "[look]: shade must be one of light | dark grey, got \"black\"");
  }
  EXPECT_EQ(shade, Shade::light);  // a refused name leaves the value as it was
  EXPECT_THROW(parse_choice<Shade>("", "t", "shade"), InvalidInput);
}
