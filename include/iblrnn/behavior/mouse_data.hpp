// Readers of real mouse behaviour into a BehaviorTable (SPEC §4 "Mouse data"; docs/behavior.md,
// "Input formats"): the 8-column CSV of the May 2020 IBL export (one file per mouse, or a
// folder of them) and IBL ALF trials folders (trials.*.npy or _ibl_trials.*.npy, where
// choice −1 means a rightward response). Reaction times are in seconds; empty, negative or
// NaN ones become missing (NaN). Every malformed input throws InvalidInput naming the file
// and the line (CSV) or the trial index (ALF).
#pragma once

#include <string>
#include <vector>

#include "iblrnn/behavior/behavior_table.hpp"

namespace iblrnn::behavior {

/// The CSV columns, in the export's order.
extern const std::vector<std::string> kMouseCsvColumns;

/// Reads one mouse CSV as subject `subject`; sessions are numbered in order of appearance.
/// Throws IoError if unreadable, InvalidInput "path:line: ..." if malformed.
BehaviorTable read_mouse_csv(const std::string& path, const std::string& subject);

/// Reads every <mouse>.csv of a folder (sorted by name; <mouse>_endtrain.csv too when
/// include_endtrain, as more sessions of the same mouse); subject = file stem.
/// Throws IoError if unreadable, InvalidInput if malformed or the folder holds no CSV.
BehaviorTable read_mouse_folder(const std::string& dir, bool include_endtrain);

/// True if the file's first line is the mouse CSV header (any column order).
bool is_mouse_csv(const std::string& path);

/// The ALF trials folder inside `dir` (dir itself or dir/alf) or "" if neither holds
/// trials.choice.npy / _ibl_trials.choice.npy.
std::string find_alf_folder(const std::string& dir);

/// One ALF trials folder and the subject it belongs to.
struct AlfSession {
  std::string subject;
  std::string dir;
};

/// The ALF trials folders under `dir`: dir itself or dir/alf (subject `subject`), else every
/// <subject>/<YYYY-MM-DD>/<nnn>/alf folder of ONE's layout found up to 5 levels below dir
/// (subject = its folder name; another alf folder gets `subject`), sorted by path. Empty if none.
std::vector<AlfSession> find_alf_sessions(const std::string& dir, const std::string& subject);

/// Reads an ALF trials folder as subject `subject`: choice (ALF sign), contrastLeft/Right
/// (NaN on the other side; both NaN = side unknown, signal NaN), probabilityLeft,
/// feedbackType; _iblrnn_signal replaces the contrast when present; RT = response_times − stimOn_times
/// in seconds, or _iblrnn_nObs in steps when present. Throws IoError / InvalidInput.
BehaviorTable read_alf_trials(const std::string& dir, const std::string& subject);

}  // namespace iblrnn::behavior
