// Every choice field of a study (an enum with declared names): each name is accepted by
// --set and written back to config.toml as itself, and an unknown name is refused with the
// field, the valid names and the value.
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/pipeline/study_config.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;


TEST(ChoiceFields, EveryNameRoundTripsAndUnknownNamesAreRefused) {
  StudyConfig config;
  int n_choices = 0;
  for (const ConfigSection& section : config.sections()) {
    for (const FieldRef& field : section.fields) {
      const auto* choice = std::get_if<ChoiceRef>(&field.ptr);
      if (!choice) continue;
      ++n_choices;
      const std::size_t before = choice->get();
      for (std::size_t i = 0; i < choice->names.size(); ++i) {
        const std::string name = choice->names[i];
        apply_set(config, section.name + "." + field.name + "=" + name);
        EXPECT_EQ(choice->get(), i) << section.name << "." << field.name << " = " << name;
        EXPECT_EQ(field_to_toml(field), "\"" + name + "\"");
      }
      choice->set(before);
      try {
        apply_set(config, section.name + "." + field.name + "=no_such_name");
        ADD_FAILURE() << field.name << " accepted an unknown name";
      } catch (const InvalidInput& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(field.name + " must be one of " + choice->names[0] + " | "), std::string::npos) << m;
        EXPECT_NE(m.find("got \"no_such_name\""), std::string::npos) << m;
      }
      EXPECT_EQ(choice->get(), before) << field.name;
    }
  }
  // task.block_length, network.arch, train.loss/optimizer/lr_schedule/precision,
  // bayes.filter/evidence/compat, behavior.timeouts/fit, analysis.readout,
  // distill.projection/radd_scaling/conventional_optimizer, alf.layout
  EXPECT_EQ(n_choices, 16);
}
