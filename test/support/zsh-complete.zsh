# Test helper: prints what zsh offers for a command line, one candidate a line:
#   zsh zsh-complete.zsh SCRIPT 'compose2systemd up '
# An interactive zsh runs in a pseudo-terminal (zpty) with compinit and SCRIPT loaded; compadd is wrapped to
# print every candidate it is given, and a NUL line before and after the completion marks where they are.
zmodload zsh/zpty
script=$1
shift
init=$(mktemp)
trap 'rm -f $init' EXIT
cat > $init <<INIT
PROMPT=
autoload -Uz compinit
compinit -u -d ${init}.dump
source ${(q)script}
bindkey '^I' complete-word
marker() { echo -E - \$'\\0' }
compprefuncs=( marker )
comppostfuncs=( marker exit )
compadd() {
  # calls that only ask for matches (-O, -A, -D) are zsh's own bookkeeping
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return \$?; fi
  local -a hits
  builtin compadd -A hits "\$@"
  local h
  for h in \$hits; do echo -E - "candidate:\$h"; done
}
echo ready
INIT
zpty shell zsh -f -i
zpty -w shell "source $init"
repeat 20; do
  zpty -r shell line
  [[ $line == ready* ]] && break
done
zpty -w shell "$*"$'\t'
integer marks=0
while zpty -r shell; do :; done | while IFS= read -r line; do
  if [[ $line == *$'\0\r' ]]; then
    (( marks++ )) && exit 0
    continue
  fi
  (( marks )) && [[ $line == candidate:* ]] && echo -E - ${${line#candidate:}%$'\r'}
done
