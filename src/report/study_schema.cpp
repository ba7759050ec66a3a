#include "iblrnn/report/study_schema.hpp"

#include "iblrnn/report/repro_table.hpp"

using namespace iblrnn::io;

namespace iblrnn::report {
namespace {

const char* unit_name(ValueUnit unit) {
  switch (unit) {
    case ValueUnit::percent: return "fraction";
    case ValueUnit::degrees: return "deg";
    case ValueUnit::seconds: return "s";
    case ValueUnit::plain: return "";
  }
  return "";
}

// The shape of one seed's value: a number, a list of named parts, or a matrix.
std::string row_shape(const ReproRow& r) {
  const std::size_t n = r.ours.size();
  if (r.n_cols > 0) return "(" + std::to_string(n / r.n_cols) + ", " + std::to_string(r.n_cols) + ") per seed";
  if (n == 1) return "per seed";
  std::string s = "(";
  for (std::size_t i = 0; i < r.parts.size(); ++i) s += (i ? ", " : "") + r.parts[i];
  return s + ") per seed";
}

SummarySchema make_schema() {
  SummarySchema s;
  s.folder = "";
  s.title = "summary.json";
  for (const ReproRow& r : paper_rows())
    s.keys.push_back({r.key, SummaryType::seeds, row_shape(r), unit_name(r.unit),
                      r.quantity + " (paper " + r.where + ": " + r.paper_text + "); null where not run"});
  s.keys.push_back({"n_seeds", SummaryType::integer, "", "", "networks trained (--seeds)"});
  s.keys.push_back({"quick", SummaryType::boolean, "", "", "the tiny smoke-test configuration (--quick)"});
  s.keys.push_back({"eval_blocks", SummaryType::integer, "", "blocks", "length of the evaluation session"});
  s.keys.push_back({"mouse_data", SummaryType::text, "", "", "mouse data folder (empty: none)"});
  s.keys.push_back({"stage_seconds", SummaryType::map, "{stage: seconds}", "s",
                    "wall time of each study stage (0 when skipped as complete) and of the seeds' sweep (`seeds`)"});
  s.keys.push_back({"claims", SummaryType::table,
                    "[{id, claim, where, counts [{definition, criterion, holds, n_holds, n_tested, fraction}], "
                    "seeds, values}]",
                    "", "the paper's claims (SPEC §8) counted over seeds, per definition (docs/report.md)"});
  s.keys.push_back({"failed_seeds", SummaryType::table, "[{seed, reason}]", "",
                    "seeds whose network did not train: every claim is 'not tested' on them"});
  s.keys.push_back({"table", SummaryType::table,
                    "[{key, quantity, where, paper, paper_values, ours, ours_values, sd_values, spread, per_seed, "
                    "n_seeds, source, verdict, reason}]",
                    "", "the reproduction table with verdicts, one object per row (docs/report.md)"});
  return s;
}

}  // namespace

const SummarySchema& study_summary_schema() {
  static const SummarySchema schema = make_schema();
  return schema;
}

}  // namespace iblrnn::report
