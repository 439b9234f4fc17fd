# ddbsim.bash — bash completion for ddbsim: commands, each command's options, and the files they
# take (scenarios: *.json; run folders: directories). The commands and options are read from the
# program's own help (`ddbsim --help`, `ddbsim COMMAND --help`), so they never go stale.
# Installed as share/bash-completion/completions/ddbsim; or: source packaging/ddbsim.bash

_ddbsim()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local bin=${COMP_WORDS[0]}
    COMPREPLY=()
    if [ "$COMP_CWORD" -eq 1 ]; then
        local cmds
        cmds=$("$bin" --help 2>/dev/null | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }')
        COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
        return 0
    fi
    local cmd=${COMP_WORDS[1]}
    case $prev in
        -o | --output | --ycsb | --table-from | --trace) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
        --set | --seed | --duration | --seeds | -j | --jobs | --max-throttle-rate | --fail-above | --for | --key | --grid) return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        local of=$cmd
        [ "$cmd" = check ] && of="check run" # check takes run's options too
        opts=$(for c in $of; do "$bin" "$c" --help 2>/dev/null; done |
               grep -oE '(^|[ [,])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ [,]//' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    case $cmd in
        plot | explain | cloudwatch) COMPREPLY=($(compgen -d -- "$cur")) ;;
        *) COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.json' -- "$cur")) ;;
    esac
    return 0
}
complete -o filenames -F _ddbsim ddbsim
