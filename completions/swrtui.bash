# bash completion for swrtui                                    -*- shell-script -*-
# Installed as /usr/share/bash-completion/completions/swrtui. Commands, options, the values of the
# options that take one of a few words, profile names from the config file, file names where a FILE
# goes, and registry IDs from `swrtui list` (asked with a 1-second bound, never a prompt: standard
# input is /dev/null; nothing when it cannot answer at once).

_swrtui_commands="edit new list show apply create delete check policies replicate probe decode rotate export
import instances login help"
_swrtui_options="--endpoint --region --project-id --instance-id --instance --cacert --timeout --attempts --profile
--token-file --credentials-file --auth --iam-endpoint --sts-endpoint --verbose --dry-run --json --yes
--wait --name --type --order-by --order --access-key --new-access-key --secrets --prune --aksk --help --version"

# The profiles of $XDG_CONFIG_HOME/swrtui/config: its [name] section headers, and "default".
_swrtui_profiles()
{
	local cfg="${XDG_CONFIG_HOME:-$HOME/.config}/swrtui/config"
	printf '%s\n' default
	[ -f "$cfg" ] && [ -r "$cfg" ] && sed -n 's/^[[:space:]]*\[\([^]]*\)\][[:space:]]*$/\1/p' "$cfg" 2>/dev/null
}

# Registry IDs: `swrtui list` with the options already on the line, bounded to one second.
_swrtui_registry_ids()
{
	local -a opts=()
	local i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--endpoint | --region | --project-id | --instance-id | --cacert | --profile | --token-file | \
			--credentials-file | --auth | --timeout)
			opts+=("$w" "${COMP_WORDS[i + 1]}")
			((i++))
			;;
		--endpoint=* | --region=* | --project-id=* | --instance-id=* | --cacert=* | --profile=* | \
			--token-file=* | --credentials-file=* | --auth=*)
			opts+=("$w")
			;;
		esac
	done
	command -v timeout >/dev/null 2>&1 || return 0
	timeout 1 "${COMP_WORDS[0]}" "${opts[@]}" --attempts 1 --timeout 1 list </dev/null 2>/dev/null |
		sed -n '2,$s/^\([0-9][0-9]*\)\t.*/\1/p'
}

_swrtui_files()
{
	if declare -F _filedir >/dev/null 2>&1; then
		_filedir
	else
		local IFS=$'\n'
		COMPREPLY=($(compgen -f -- "$1"))
	fi
}

_swrtui()
{
	local cur prev
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	case $prev in
	--order-by) COMPREPLY=($(compgen -W "created_at updated_at name" -- "$cur")); return 0 ;;
	--order) COMPREPLY=($(compgen -W "asc desc" -- "$cur")); return 0 ;;
	--type) COMPREPLY=($(compgen -W "swr-pro swr-pro-internal huawei-SWR" -- "$cur")); return 0 ;;
	--auth) COMPREPLY=($(compgen -W "token aksk" -- "$cur")); return 0 ;;
	--profile) COMPREPLY=($(compgen -W "$(_swrtui_profiles)" -- "$cur")); return 0 ;;
	--cacert | --token-file | --credentials-file | --secrets) _swrtui_files "$cur"; return 0 ;;
	--endpoint | --region | --project-id | --instance-id | --timeout | --attempts | --iam-endpoint | \
		--sts-endpoint | --name | --access-key | --new-access-key) return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$_swrtui_options" -- "$cur"))
		return 0
	fi

	# the command and the positional words before cur (the values of options skipped)
	local i w command="" npos=0
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--endpoint | --region | --project-id | --instance-id | --cacert | --timeout | --attempts | --profile | \
			--token-file | --credentials-file | --auth | --iam-endpoint | --sts-endpoint | --name | --type | \
			--order-by | --order | --access-key | --new-access-key | --secrets) ((i++)) ;;
		-*) ;;
		*) if [ -z "$command" ]; then command=$w; else ((npos++)); fi ;;
		esac
	done

	if [ -z "$command" ]; then
		COMPREPLY=($(compgen -W "$_swrtui_commands" -- "$cur"))
		return 0
	fi
	case $command in
	help)
		[ "$npos" -eq 0 ] && COMPREPLY=($(compgen -W "${_swrtui_commands% help}" -- "$cur")) ;;
	rotate)
		COMPREPLY=($(compgen -W "$(_swrtui_registry_ids)" -- "$cur")) ;;
	import)
		[ "$npos" -eq 0 ] && _swrtui_files "$cur" ;;
	edit | show | delete | policies)
		[ "$npos" -eq 0 ] && COMPREPLY=($(compgen -W "$(_swrtui_registry_ids)" -- "$cur")) ;;
	apply)
		if [ "$npos" -eq 0 ]; then
			COMPREPLY=($(compgen -W "$(_swrtui_registry_ids)" -- "$cur"))
		elif [ "$npos" -eq 1 ]; then
			_swrtui_files "$cur"
		fi ;;
	create | probe)
		[ "$npos" -eq 0 ] && _swrtui_files "$cur" ;;
	esac
	return 0
}
complete -F _swrtui swrtui
