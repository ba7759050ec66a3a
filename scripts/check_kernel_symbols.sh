#!/bin/bash
# Checks that each kernel set's object (src/rnn/kernels/kernel_table_isa.cpp compiled for one
# instruction set) defines only symbols of its own: its namespace iblrnn::rnn::detail::SET and its
# renamed Eigen (Eigen_SET). A shared symbol (an inline function or template instantiation of
# a common header) could be resolved by the linker to another set's copy, which would run that
# set's instructions on a CPU that lacks them.
#   scripts/check_kernel_symbols.sh SET OBJECT [SET OBJECT ...]
set -u
status=0
while [ $# -ge 2 ]; do
  set_name=$1 object=$2
  shift 2
  # Defined symbols, demangled. A symbol whose name mentions the set's namespace or its Eigen
  # (a function of it, or a template instantiated with one of its types) cannot collide with
  # another set's; local labels (.LC*) and the exception personality are not code.
  foreign=$(nm -C --defined-only "$object" | cut -c20- |
            grep -v -e "^\.L" -e "^DW\.ref\.__gxx_personality_v0$" \
                    -e "iblrnn::rnn::detail::${set_name}::" -e "Eigen_${set_name}::")
  n_own=$(nm -C --defined-only "$object" | grep -c "iblrnn::rnn::detail::${set_name}::kernel_table")
  if [ "$n_own" -ne 1 ]; then
    echo "$object: no iblrnn::rnn::detail::${set_name}::kernel_table defined"
    status=1
  fi
  if [ -n "$foreign" ]; then
    echo "$object (kernel set $set_name) defines symbols outside its namespace:"
    echo "$foreign" | head -20
    status=1
  fi
done
[ $status -eq 0 ] && echo "kernel objects define only their own symbols"
exit $status
