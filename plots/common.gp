# common.gp — what every plot script shares; loaded by them, not a plot itself.
#
# A script sets NAME (its own name without .gp) and keeps its arguments (a loaded file does not
# see them), then loads this file from its own directory:
#     NAME = "capacity"; nargs = ARGC; arg1 = ARG1; arg2 = ARG2
#     load ARG0[1:strlen(ARG0) - strlen(NAME . ".gp")] . "common.gp"
# Its command line is then `gnuplot -c plots/NAME.gp OUTDIR [OUT.png]`; it writes OUT.png and
# OUT.svg (default OUTDIR/NAME.png and OUTDIR/NAME.svg).
#
# Defines:
#   dir, out_base          OUTDIR, and the output path without its extension
#   W, H                   image size in pixels (900 x 500 keeps a PNG well under 200 KB)
#   readable(path)         1 if the file can be read
#   missing(path)          the one-line message for an input that cannot be read
#   set_term(fmt)          the `set terminal` command for "png" or "svg", to eval
#   DISTINCT               macro: names = the distinct values of column `col` of file `src`,
#                          space-separated, in order of first appearance (index and GSI names
#                          never contain spaces: DynamoDB allows [a-zA-Z0-9_.-])
#   INTERVAL               macro: dt = the interval length in seconds, from the t_s column of
#                          `src`; t_first, t_end = the first interval's start, the last one's end
#   rows(path)             the number of data rows (lines after the header) of a readable file
#   hard_cap_rcu, hard_cap_wcu   a partition's hard caps per second (DynamoDB's, fixed)
if (nargs < 1 || arg1 eq "") { print "usage: gnuplot -c " . NAME . ".gp OUTDIR [OUT.png]"; exit status 2 }
dir = arg1
out_base = dir . "/" . NAME
if (nargs >= 2) { out_base = (strlen(arg2) > 4 && arg2[strlen(arg2)-3:] eq ".png") ? arg2[1:strlen(arg2)-4] : arg2 }
W = 900
H = 500
hard_cap_rcu = 3000.0
hard_cap_wcu = 1000.0

# File tests go through `test -r`: gnuplot has no way to ask without printing its own warnings.
# The path is single-quoted for the shell, with any ' in it written as '\''.
shq_(s, i) = (i == 0) ? s : s[1:i-1] . "'\\''" . shq(s[i+1:])
shq(s) = shq_(s, strstrt(s, "'"))
readable(f) = system("test -r '" . shq(f) . "' && test -f '" . shq(f) . "' && echo yes") eq "yes"
rows(f) = int(system("awk 'END { print NR }' '" . shq(f) . "'")) - 1
missing(f) = NAME . ".gp: cannot read " . f . " (is OUTDIR a ddbsim run's output folder?)"

set_term(fmt) = (fmt eq "png") \
    ? sprintf('set terminal pngcairo size %d,%d noenhanced font "sans,10"', W, H) \
    : sprintf('set terminal svg size %d,%d noenhanced font "sans,10" background "white"', W, H)

# Every `stats` below and in the scripts gives its ranges as [*:*][*:*]: stats otherwise drops
# values outside the current plot's ranges (a one-column stats checks them against yrange).
set datafile separator ","
set datafile columnheaders
# Scripts pick the rows of one index with expressions that give NaN for the others: NaN counts as
# missing, so a line joins the rows it keeps instead of breaking at every row it skips.
set datafile missing NaN

DISTINCT = 'names = ""; stats [*:*][*:*] src using (s_ = strcol(col), names = (strstrt(" " . names . " ", " " . s_ . " ") ? names : (names eq "" ? s_ : names . " " . s_)), 0) nooutput'
# Rows are in time order; the smallest step between two distinct t_s is the interval (the last
# interval may be shorter when the duration is not a multiple of it, so the last step is not used
# alone).
INTERVAL = 'dt = 1e30; pt_ = NaN; stats [*:*][*:*] src using (t_ = column("t_s"), dt = (t_ > pt_ && t_ - pt_ < dt) ? t_ - pt_ : dt, pt_ = t_, 0) nooutput; if (dt > 1e29) { dt = 1.0 }; stats [*:*][*:*] src using "t_s" nooutput; t_first = STATS_min; t_end = STATS_max + dt'
