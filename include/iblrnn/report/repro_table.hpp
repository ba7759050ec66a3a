// The reproduction table: one row per number of SPEC §7 (the paper's targets), our value read
// from the output folder (mean and standard deviation over seeds when several were run), and
// the verdict in words (verdict.hpp; docs/report.md "Reproduction table").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/report/report_folder.hpp"
#include "iblrnn/report/verdict.hpp"

namespace iblrnn::report {

/// How a row's values are shown.
enum class ValueUnit { percent, degrees, plain, seconds };

/// One row of the table.
struct ReproRow {
  std::string key;         // key in DIR/summary.json, e.g. "rnn_accuracy"
  std::string quantity;    // words, e.g. "50-unit RNN accuracy"
  std::string where;       // the paper's section or figure
  std::string paper_text;  // the paper's value as printed there
  std::vector<double> paper;       // the paper's value(s) in stored units (fractions, °, s)
  std::vector<std::string> parts;  // names of the values, e.g. {"full", "2-D"} (empty: one)
  std::size_t n_cols = 0;          // > 0: the values form a matrix with this many columns
  ValueUnit unit = ValueUnit::plain;
  VerdictRule rule;
  std::string claim;        // the SPEC §8 claim behind the row ("C7"), empty: none (K2)
  // Filled by build_repro_table:
  std::vector<std::vector<double>> per_seed;  // each seed's values (one seed: ours)
  std::vector<double> ours;  // mean over seeds (NaN = not run)
  std::vector<double> sd;    // standard deviation over seeds (NaN with one seed)
  int n_seeds = 0;
  std::string source;        // file the value came from
  Judgement judgement;
};

/// The rows of SPEC §7 with the paper's values and rules, ours not yet filled.
std::vector<ReproRow> paper_rows();

/// Our value of one row from a JSON value: a number, a (nested) array of numbers, or
/// {"seeds": [value, ...]} (one value per seed; mean and sample sd per entry). Fills ours,
/// sd and n_seeds; returns false (leaving NaN) if the value does not fit the row's size.
bool fill_from_json(ReproRow& row, const nlohmann::json& value);

/// All rows, ours read from DIR/summary.json (key = row key) or, when absent there, from the
/// module summaries (docs/report.md), each judged: when DIR/summary.json holds the claims table
/// (`claims`), a row with a claim behind it and a band or sign rule is judged on the seeds and
/// on that claim (K2, claim_verdict.hpp); the others, and folders without claims, by their rule.
/// `module_summaries_only`: ignore DIR/summary.json (one seed's own values, e.g. for the
/// per-seed values of a study whose summary already holds the means).
std::vector<ReproRow> build_repro_table(ReportFolder& folder, bool module_summaries_only = false);

/// A value formatted in the row's unit, e.g. "85.50 %", "73°", "0.84", "12.3 s".
std::string format_value(const ReproRow& row, double value);

/// Our value(s) as text ("—" when not run), matrices as [[a, b], [c, d]].
std::string format_ours(const ReproRow& row);

/// The spread over seeds as text, e.g. "± 0.40 % (5 seeds)", or "1 seed" / "".
std::string format_spread(const ReproRow& row);

/// Each seed's value(s) as text, seeds separated by "; ", e.g. "84.2 %; 85.0 %" ("" with one
/// seed).
std::string format_per_seed(const ReproRow& row);

/// The table as JSON (rows with key, quantity, paper, ours, sd, n_seeds, verdict, reason).
nlohmann::json repro_table_json(const std::vector<ReproRow>& rows);

}  // namespace iblrnn::report
