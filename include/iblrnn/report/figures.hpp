// The report's figures, section by section as in the paper (docs/report.md "Figures"): each
// function reads the named inputs of an output folder and returns the figures of its section,
// a figure whose inputs are missing being a "not available" box. Helpers shared by the
// figures (binned means, even subsampling) are exposed for testing.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/report/figure.hpp"
#include "iblrnn/report/report_folder.hpp"

namespace iblrnn::report {

/// Task: a session's blocks, stimuli and choices; block lengths (from a trials.csv).
Section task_section(ReportFolder& folder);
/// Behaviour: Fig 2a–c, 3a–c, psychometric by block, mouse chronometric in seconds.
Section behavior_section(ReportFolder& folder);
/// Representations: Fig 4a–c, 5a–c, 6a–b (analysis/).
Section representation_section(ReportFolder& folder);
/// Dynamics: Fig 7 flow fields with fixed points; the line attractor (analysis/).
Section dynamics_section(ReportFolder& folder);
/// Distillation: Fig 8a–b, Fig 9a (distill/ and the agents' runs).
Section distillation_section(ReportFolder& folder);
/// Pools: Fig 9b–c (analysis/).
Section pools_section(ReportFolder& folder);

/// A sweep folder (docs/sweep.md, "Report"): per axis, accuracy and geometry (mean ± SD), the
/// fraction of points on which each claim holds, and the dynamics labels, from summary.json.
Section sweep_section(ReportFolder& folder);

/// All sections in the paper's order.
std::vector<Section> build_sections(ReportFolder& folder);

/// Means of y in n_bins equal-width bins of x over [min x, max x] (NaN pairs skipped):
/// records {x (bin centre), y (mean), sem, n}; empty bins are left out. Throws InvalidInput
/// if sizes differ or n_bins < 1.
nlohmann::json binned_means(const std::vector<double>& x, const std::vector<double>& y,
                            int n_bins);

/// Indices 0..n−1 thinned to at most max_points, evenly spaced and deterministic.
std::vector<std::size_t> even_subsample(std::size_t n, std::size_t max_points);

}  // namespace iblrnn::report
