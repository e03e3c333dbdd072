package dev.cdn.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void create_givesEachCallAFreshEmptyDatabase() throws Exception {
        TestDatabase.Database a = TestDatabase.create();
        TestDatabase.Database b = TestDatabase.create();
        assertThat(a.name()).isNotEqualTo(b.name());
        try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.user(), a.password())) {
            c.createStatement().execute("CREATE TABLE t (x int)");
        }
        try (Connection c = DriverManager.getConnection(b.jdbcUrl(), b.user(), b.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void parse_readsLibpqStyleUrls() {
        TestDatabase.Database d = TestDatabase.parse("postgresql://cdn:s3cret@127.0.0.1:5433/cdn");
        assertThat(d.user()).isEqualTo("cdn");
        assertThat(d.password()).isEqualTo("s3cret");
        assertThat(d.port()).isEqualTo(5433);
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/cdn");
    }
}
