package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttackSignaturesTest {

    @ParameterizedTest(name = "{0} ? {1}")
    @CsvSource(nullValues = "none", value = {
            "/a/../etc/passwd, none", "/a/..%2fetc, none", "/a/%2e%2e/etc, none", "/a/%2E%2e%2Fetc, none",
            "/a/.%2e/etc, none", "/a/%252e%252e%252fetc, none", "/a/%25252e%25252e/x, none", "/a/..%5cwin.ini, none",
            "/a/..\\win.ini, none", "/a/%c0%ae%c0%ae/etc, none", "/a/%c0%ae%c0%ae%c0%afetc, none",
            "/a/%u002e%u002e/etc, none", "/a/..%u2215etc, none", "/a/..;/admin, none", "/a/.., none",
            "/download, file=../../etc/passwd", "/download, file=%2e%2e%2fsecret", "/download, a=1&b=..%5cx"})
    void traversal_inEveryEncoding_isFound(String path, String query) {
        assertThat(AttackSignatures.traversal(path, query)).isTrue();
    }

    @ParameterizedTest(name = "{0} ? {1}")
    @CsvSource(nullValues = "none", value = {
            "/a/b/c.js, none", "/a/..b/c, none", "/a/b../c, none", "/a/.../c, none", "/a/%2e/c, none",
            "/v1.2.3/app.js, none", "/search, q=a..b", "/search, range=1..5", "/a, next=/b/c"})
    void traversal_ordinaryDotsAndPaths_areNotFlagged(String path, String query) {
        assertThat(AttackSignatures.traversal(path, query)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "q=1 UNION SELECT password FROM users", "q=1%20union%2F**%2Fselect%20*", "id=1'+or+'1'='1",
            "id=1 OR 1=1", "id=1;DROP TABLE users", "id=1 and sleep(5)", "id=1;waitfor delay '0:0:5'",
            "t=information_schema.tables", "q=<script>alert(1)</script>", "q=%3Cscript%3E", "u=javascript:alert(1)",
            "q=<img src=x onerror=alert(1)>", "q=%253Csvg%2520onload%253Dalert(1)%253E", "c=$(id)",
            "c=x;cat /etc/passwd", "c=a|whoami", "f=/etc/shadow", "h=${jndi:ldap://x/a}"})
    void injection_commonSignatures_areFound(String query) {
        assertThat(AttackSignatures.injection("/search", query)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "q=select a gift from the shop", "q=union station", "q=rock+and+roll", "q=C%2B%2B+or+Java",
            "q=price<100", "q=onion rings", "q=the scripture", "email=a%40b.example", "sort=-created&page=2",
            "q=javascript tutorial", "q=cat videos", "q=it's 1=1 fun"})
    void injection_ordinarySearches_areNotFlagged(String query) {
        assertThat(AttackSignatures.injection("/search", query)).isFalse();
    }
}
