# Sourced by the scripts: as_root CMD... runs CMD as root: directly when already root, else
# through sudo when it is installed; otherwise it fails naming what to do.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "iblrnn: '$*' needs root and sudo is not installed; run it as root" >&2
    return 1
  fi
}
