// Behavioural curves and the psychometric fit from Python (behavior/analyze.hpp,
// behavior/psychometric.hpp): the C++ result structs bound as read-only typed objects, each
// with to_dict(); curve points as NumPy arrays.
#include "bindings.hpp"

#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/behavior/behavior_table.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/run_files.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn::py {
namespace {

// A Python dict of trials.csv columns as a TrialTable (column names from trial_columns()).
TrialTable table_of(const pyb::dict& columns) {
  TrialTable t;
  t.has_agent = true;
  std::size_t n = 0;
  bool first = true;
  for (const TrialColumn& c : trial_columns(t)) {
    require(columns.contains(c.name), "behavior.curves", "trials",
            "must hold trials.csv's column " + std::string(c.name), "missing");
    auto a = pyb::array_t<double, pyb::array::c_style | pyb::array::forcecast>::ensure(columns[c.name]);
    require(static_cast<bool>(a) && a.ndim() == 1, "behavior.curves", c.name,
            "must be a 1-D array", "other");
    if (first) n = static_cast<std::size_t>(a.size());
    first = false;
    require(static_cast<std::size_t>(a.size()) == n, "behavior.curves", c.name,
            "must have one entry per trial (" + std::to_string(n) + ")", a.size());
    std::visit(
        [&](const auto* v) {
          using V = std::decay_t<decltype(*v)>;
          V& dst = const_cast<V&>(*v);
          dst.resize(n);
          for (std::size_t i = 0; i < n; ++i)
            dst[i] = static_cast<typename V::value_type>(a.data()[i]);
        },
        c.values);
  }
  t.trial_in_session.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    t.trial_in_session[i] = (i == 0 || t.session[i] != t.session[i - 1]) ? 0 : t.trial_in_session[i - 1] + 1;
  return t;
}

pyb::dict fit_dict(const PsychometricFit& f) {
  pyb::dict d;
  d["m"] = f.params.m;
  d["w"] = f.params.w;
  d["gamma1"] = f.params.gamma1;
  d["gamma2"] = f.params.gamma2;
  d["m_se"] = f.se.m;
  d["w_se"] = f.se.w;
  d["gamma1_se"] = f.se.gamma1;
  d["gamma2_se"] = f.se.gamma2;
  d["nll"] = f.nll;
  d["n_trials"] = f.n_trials;
  d["n_levels"] = f.n_levels;
  d["converged"] = f.converged;
  d["status"] = f.status;
  return d;
}

pyb::dict curve_dict(const Curve& c) {
  const auto n = static_cast<pyb::ssize_t>(c.points.size());
  pyb::array_t<double> x(n), mean(n), sem(n);
  pyb::array_t<std::int64_t> count(n);
  pyb::list group;
  for (pyb::ssize_t i = 0; i < n; ++i) {
    const CurvePoint& p = c.points[i];
    x.mutable_data()[i] = p.x;
    mean.mutable_data()[i] = p.value.mean;
    sem.mutable_data()[i] = p.value.sem;
    count.mutable_data()[i] = p.value.n;
    group.append(p.group);
  }
  pyb::dict d;
  d["name"] = c.name;
  d["x_name"] = c.x_name;
  d["y_name"] = c.y_name;
  d["groups"] = c.groups;
  d["group"] = pyb::array(group);
  d["x"] = x;
  d["mean"] = mean;
  d["sem"] = sem;
  d["n"] = count;
  return d;
}

pyb::dict curves_dict(const BehaviorCurves& b, const std::string& rt_unit) {
  pyb::dict curves;
  for (const Curve& c : b.curves) curves[c.name.c_str()] = curve_dict(c);
  pyb::dict fits;
  for (std::size_t i = 0; i < b.fits.size(); ++i) fits[b.fit_groups[i].c_str()] = fit_dict(b.fits[i]);
  pyb::dict d;
  d["subject"] = b.subject;
  d["n_trials"] = b.n_trials;
  d["rt_unit"] = rt_unit;
  d["curves"] = curves;
  d["fits"] = fits;
  d["summary"] = from_json(b.summary);
  return d;
}

}  // namespace

void bind_behavior(pyb::module_& m) {
  m.def(
      "behavior_curves",
      [](pyb::object trials, const std::string& label, pyb::dict overrides) {
        const StudyConfig config = resolve("", "", overrides, "behavior");
        std::vector<LabeledTable> inputs(1);
        inputs[0].label = label;
        if (pyb::isinstance<pyb::dict>(trials)) {
          inputs[0].table = table_from_trials(table_of(trials.cast<pyb::dict>()), label);
        } else {
          const std::string path = pyb::str(trials).cast<std::string>();
          inputs[0].table = load_behavior_input(path, label, config.behavior);
        }
        const BehaviorAnalysis analysis =
            without_gil([&] { return analyze_behavior(inputs, config.behavior); });
        const InputBehavior& in = analysis.inputs.front();
        pyb::dict d = curves_dict(in.pooled, in.rt_unit);
        pyb::dict subjects;
        for (const auto& s : in.subjects) subjects[s.subject.c_str()] = curves_dict(s, in.rt_unit);
        d["label"] = in.label;
        d["subjects"] = subjects;
        return d;
      },
      pyb::arg("trials"), pyb::arg("label"), pyb::arg("overrides"), "Use iblrnn.behavior.curves.");

  m.def(
      "psychometric_fit",
      [](std::vector<double> x, std::vector<double> n, std::vector<double> k, pyb::object restarts,
         pyb::object seed, pyb::object max_iterations) {
        PsychometricFitOptions options;  // defaults unless given
        if (!restarts.is_none()) options.restarts = restarts.cast<int>();
        if (!seed.is_none()) options.seed = seed.cast<std::uint64_t>();
        if (!max_iterations.is_none()) options.max_iterations = max_iterations.cast<int>();
        return fit_dict(without_gil([&] { return fit_psychometric(x, n, k, options); }));
      },
      pyb::arg("x"), pyb::arg("n"), pyb::arg("k"), pyb::arg("restarts"), pyb::arg("seed"),
      pyb::arg("max_iterations"), "Use iblrnn.behavior.psychometric_fit.");

  m.def("behavior_curve_names", &behavior_curve_names,
        "Names of the behavioural curves (the file stems of `iblrnn behavior`).");
}

}  // namespace iblrnn::py
