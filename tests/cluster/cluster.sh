# tests/cluster/cluster.sh: a one-node Slurm cluster on localhost, in a
# temporary folder, for tests. Source it, then:
#   cluster_start DIR   start munged, slurmctld and slurmd with a generated
#                       config under DIR (ports of our own, picked free);
#                       exports SLURM_CONF; returns 1 (with the logs'
#                       tails on stderr) if the node is not idle in time
#   cluster_stop        stop every daemon cluster_start started, by the PID
#                       it recorded, and wait for them to exit
#   cluster_drain [SECONDS]
#                       cancel every job still queued on this cluster and
#                       wait for the queue to empty (call before cluster_stop)
# Nothing here touches /etc, systemd or the machine's own Slurm or munge.

CLUSTER_PIDS=""

# A TCP port no local socket uses (per /proc/net/tcp*), from $1 upwards.
cluster_free_port () {
  p=$1
  while [ "$p" -lt 65000 ]; do
    hex=$(printf '%04X' "$p")
    if ! awk -v h=":$hex" 'NR > 1 && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }' \
         /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
      echo "$p"; return 0
    fi
    p=$((p + 1))
  done
  return 1
}

cluster_pid_of () {    # pid file -> pid, waiting a little for it to appear
  n=0
  while [ ! -s "$1" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  [ -s "$1" ] && cat "$1"
}

cluster_start () {
  D=$1
  mkdir -p "$D/state" "$D/spool" || return 1
  chmod 755 "$D"
  base=$((20000 + ($$ % 2000) * 10))
  CLUSTER_CTLD_PORT=$(cluster_free_port $base) || return 1
  CLUSTER_SLURMD_PORT=$(cluster_free_port $((CLUSTER_CTLD_PORT + 1))) || return 1
  dd if=/dev/urandom bs=1 count=1024 of="$D/munge.key" 2>/dev/null
  chmod 400 "$D/munge.key"
  munged --key-file="$D/munge.key" --socket="$D/munge.sock" \
    --pid-file="$D/munged.pid" --log-file="$D/munged.log" \
    --seed-file="$D/munge.seed" --force 2>>"$D/munged.log" || {
      echo "cluster: munged did not start" >&2; tail -5 "$D/munged.log" >&2; return 1; }
  CLUSTER_PIDS="$(cluster_pid_of "$D/munged.pid")"
  cpus=$(nproc)
  cat > "$D/slurm.conf" <<CONF
ClusterName=loretest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$D/munge.sock
CredType=cred/munge
SlurmctldPort=$CLUSTER_CTLD_PORT
SlurmdPort=$CLUSTER_SLURMD_PORT
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/jobcomp.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
KillWait=5
SchedulerParameters=sched_interval=2
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$D/slurm.conf"
  slurmctld -f "$D/slurm.conf" 2>>"$D/slurmctld.log" || {
    echo "cluster: slurmctld did not start" >&2; tail -5 "$D/slurmctld.log" >&2; return 1; }
  pid=$(cluster_pid_of "$D/slurmctld.pid"); CLUSTER_PIDS="$CLUSTER_PIDS $pid"
  slurmd -f "$D/slurm.conf" -N localhost 2>>"$D/slurmd.log" || {
    echo "cluster: slurmd did not start" >&2; tail -5 "$D/slurmd.log" >&2; return 1; }
  pid=$(cluster_pid_of "$D/slurmd.pid"); CLUSTER_PIDS="$CLUSTER_PIDS $pid"
  n=0
  while [ $n -lt 60 ]; do
    st=$(sinfo -h -N -o %t 2>/dev/null | head -1)
    case "$st" in idle*|mix*|alloc*) return 0 ;; esac
    sleep 0.5; n=$((n + 1))
  done
  echo "cluster: node not idle after 30 s (state '$st')" >&2
  tail -5 "$D/slurmctld.log" "$D/slurmd.log" >&2
  return 1
}

cluster_stop () {
  for pid in $CLUSTER_PIDS; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
  done
  for pid in $CLUSTER_PIDS; do
    n=0
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
      sleep 0.1; n=$((n + 1))
    done
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  done
  CLUSTER_PIDS=""
}

cluster_drain () {
  [ -n "${SLURM_CONF:-}" ] || return 0
  scancel --user="$(id -un)" 2>/dev/null
  n=0
  while [ $n -lt $((${1:-20} * 2)) ]; do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && return 0
    sleep 0.5; n=$((n + 1))
  done
  return 1
}
