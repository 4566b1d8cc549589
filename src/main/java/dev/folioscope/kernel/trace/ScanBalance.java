package dev.folioscope.kernel.trace;

/** How get_scan_count balances anonymous against file scanning (mm/vmscan.c: enum scan_balance). */
public enum ScanBalance implements Described {
    SCAN_EQUAL("anonymous and file lists scanned alike"),
    SCAN_FRACT("anonymous and file lists scanned in proportion to their cost"),
    SCAN_ANON("only the anonymous lists"),
    SCAN_FILE("only the file lists (no free swap slot, or plenty of inactive page cache)");

    private final String text;

    ScanBalance(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
