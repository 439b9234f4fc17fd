# skip.sh — skip MESSAGE: a test that cannot run here says why and exits 77 (CTest's skip). CI
# sets DDBSIM_NO_SKIP=1 where it has installed everything such a test needs, so that a skip there
# is a failure, not a quiet pass. Sourced by the tests that depend on optional tools.
skip() {
    echo "SKIP: $1"
    if [ -n "${DDBSIM_NO_SKIP:-}" ]; then
        echo "FAIL: DDBSIM_NO_SKIP is set, so this test must run here"
        exit 1
    fi
    exit 77
}
