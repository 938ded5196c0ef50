#!/bin/sh
# A post-renderer: a comment with its arguments, then its input, upper-cased.
echo "# post-rendered with: $*"
tr a-z A-Z
printf "\n\n"
