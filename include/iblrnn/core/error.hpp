// Error families of iblrnn (docs/design.md, "Errors").
// InvalidInput: bad user input (config values, shapes, malformed files); message reads
//   "Where: field constraint, got value".  IoError: a file that cannot be opened or written,
//   carrying the path.  InternalError: a broken invariant of our own (a bug), never abort().
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace iblrnn::core {

/// Bad user input. The message names where, the field, the constraint and the bad value.
class InvalidInput : public std::invalid_argument {
 public:
  explicit InvalidInput(const std::string& message) : std::invalid_argument(message) {}
};

/// A file or folder that cannot be read or written; path() is the offending path.
class IoError : public std::runtime_error {
 public:
  IoError(const std::string& path, const std::string& what)
      : std::runtime_error(path + ": " + what), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A broken internal invariant (a bug in iblrnn, not in the input).
class InternalError : public std::logic_error {
 public:
  explicit InternalError(const std::string& message) : std::logic_error(message) {}
};

/// Formats a value for an error message (numbers with full precision, strings quoted).
template <class T>
std::string show_value(const T& value) {
  std::ostringstream os;
  os.precision(17);
  if constexpr (std::is_convertible_v<T, std::string>) {
    os << '"' << std::string(value) << '"';
  } else {
    os << value;
  }
  return os.str();
}

/// Throws InvalidInput("where: field constraint, got value") when `ok` is false.
template <class T>
void require(bool ok, const std::string& where, const std::string& field,
             const std::string& constraint, const T& value) {
  if (!ok) {
    throw InvalidInput(where + ": " + field + " " + constraint + ", got " + show_value(value));
  }
}

/// Throws InternalError with the message when `ok` is false (use for our own invariants).
inline void check_internal(bool ok, const char* message) {
  if (!ok) throw InternalError(std::string("internal error: ") + message);
}

}  // namespace iblrnn::core
