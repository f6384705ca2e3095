#!/usr/bin/env bash
# A scripted terminal session of a demo tutor (scripts/demo-tutor.txt): a guided report, a one-line
# report, a report over the cap refused, an undo, an internship moved to concluded.
# Invite codes are random per database, so this seeds a fresh temporary database, reads the first
# tutor's code from `npm run seed -- --demo --json`, and substitutes it into the script.
# Usage: scripts/demo-tutor.sh            (prints the whole conversation)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/ponte.db"
code="$(DATABASE_URL="file:$db" npm run -s seed -- --demo --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).tutor[0]))')"
sed "s/{{TUTOR_CODE}}/$code/" scripts/demo-tutor.txt | npm run -s chat -- --user demo-tutor --db "$db"
