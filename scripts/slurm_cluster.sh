# A single-node Slurm cluster of its own, for the sweep's Slurm test and benchmark (sourced).
#   slurm_cluster_start DIR   as root: generates a MUNGE key and slurm.conf under DIR, starts
#                             munged, slurmctld and slurmd in the background and waits until the
#                             node is idle; exports SLURM_CONF. Returns 1 with the reason in
#                             $SLURM_CLUSTER_WHY when the cluster cannot be started.
#   slurm_cluster_stop        stops the three daemons by their PIDs (nothing else).
# The configuration: proctrack/linuxproc and task/none (no cgroups), unprivileged ports,
# state, spool, logs and sockets inside DIR, one node (this host, `nproc` CPUs), one partition.

slurm_cluster_stop() {
  local f pid
  for f in "${SLURM_CLUSTER_DIR:-/nonexistent}/slurmd.pid" "${SLURM_CLUSTER_DIR:-/nonexistent}/slurmctld.pid" \
           "${SLURM_CLUSTER_DIR:-/nonexistent}/munge/munged.pid"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$f"
  done
}

slurm_cluster_start() {
  local dir=$1
  SLURM_CLUSTER_WHY=""
  if [ "$(id -u)" != 0 ]; then SLURM_CLUSTER_WHY="not root (the test cluster runs its daemons as root)"; return 1; fi
  local b
  for b in munged mungekey slurmctld slurmd sbatch squeue scancel sinfo; do
    if ! command -v "$b" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$b" ]; then
      SLURM_CLUSTER_WHY="$b is not installed (scripts/install_deps.sh installs slurmctld slurmd slurm-client munge)"
      return 1
    fi
  done
  export PATH="$PATH:/usr/sbin"
  SLURM_CLUSTER_DIR=$dir
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
  chmod 700 "$dir" "$dir/munge"
  mungekey --create --keyfile="$dir/munge/munge.key" >/dev/null 2>&1 || { SLURM_CLUSTER_WHY="mungekey failed"; return 1; }
  chmod 600 "$dir/munge/munge.key"
  if ! munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
       --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
       --seed-file="$dir/munge/munged.seed" >"$dir/munge/start.log" 2>&1; then
    SLURM_CLUSTER_WHY="munged did not start: $(tail -1 "$dir/munge/start.log")"
    return 1
  fi
  local node port cpus mem
  node=$(hostname -s)
  port=$((20000 + RANDOM % 20000))
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
  cat >"$dir/slurm.conf" <<CONF
ClusterName=iblrnn
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=30
KillWait=5
NodeName=$node CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$dir/slurm.conf
  if ! slurmctld -c -f "$SLURM_CONF" >"$dir/slurmctld.start.log" 2>&1; then
    SLURM_CLUSTER_WHY="slurmctld did not start: $(tail -1 "$dir/slurmctld.start.log")"
    slurm_cluster_stop; return 1
  fi
  if ! slurmd -f "$SLURM_CONF" -N "$node" >"$dir/slurmd.start.log" 2>&1; then
    SLURM_CLUSTER_WHY="slurmd did not start: $(tail -1 "$dir/slurmd.start.log")"
    slurm_cluster_stop; return 1
  fi
  local state=""
  for _ in $(seq 60); do
    state=$(sinfo -h -N -o %T 2>/dev/null | head -1)
    [ "$state" = idle ] && return 0
    sleep 0.5
  done
  SLURM_CLUSTER_WHY="the node did not become idle (state '${state}'); slurmctld: $(tail -1 "$dir/slurmctld.log" 2>/dev/null); slurmd: $(tail -1 "$dir/slurmd.log" 2>/dev/null)"
  slurm_cluster_stop
  return 1
}
