# The benchmark models, sourced by Benchmarks/run.sh and Benchmarks/speedup.sh.
# `model_for MODEL:SIZE` sets model, size, spec, param (the constant SIZE gives) and name.
model_for() {
  model=${1%%:*}
  size=${1##*:}
  case $model in
    twophase) spec=examples/TwoPhase.spec param=RMCount name="TwoPhase N=$size" ;;
    filterlock) spec=Benchmarks/FilterLock.spec param=N name="FilterLock N=$size" ;;
    philosophers) spec=specs/DiningPhilosophers.spec param=NP name="DiningPhilosophers NP=$size" ;;
    *) echo "unknown model: $model" >&2; exit 64 ;;
  esac
}
