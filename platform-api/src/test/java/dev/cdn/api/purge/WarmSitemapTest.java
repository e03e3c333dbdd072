package dev.cdn.api.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WarmSitemapTest {

    private static byte[] xml(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void urls_ofAUrlset_inOrder() throws Exception {
        assertThat(WarmSitemap.urls(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc> http://a.localhost/one </loc><lastmod>2026-12-01</lastmod></url>
                  <url><loc>http://a.localhost/two?x=1&amp;y=2</loc></url>
                </urlset>"""), 10)).containsExactly("http://a.localhost/one", "http://a.localhost/two?x=1&y=2");
    }

    @Test
    void urls_refuseADoctype_soNoExternalEntityIsEverRead() {
        assertThatThrownBy(() -> WarmSitemap.urls(xml("""
                <?xml version="1.0"?>
                <!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <urlset><url><loc>http://a.localhost/&xxe;</loc></url></urlset>"""), 10))
                .isInstanceOf(WarmSitemap.Invalid.class).hasMessageContaining("DTD");
    }

    @Test
    void urls_refuseEntityExpansion() {
        assertThatThrownBy(() -> WarmSitemap.urls(xml("""
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
                <urlset><url><loc>&lol2;</loc></url></urlset>"""), 10))
                .isInstanceOf(WarmSitemap.Invalid.class);
    }

    @Test
    void urls_refuseASitemapIndex_andOtherDocuments() {
        assertThatThrownBy(() -> WarmSitemap.urls(xml("<sitemapindex><sitemap><loc>http://a/s.xml</loc></sitemap></sitemapindex>"), 10))
                .isInstanceOf(WarmSitemap.Invalid.class).hasMessageContaining("sitemap index");
        assertThatThrownBy(() -> WarmSitemap.urls(xml("<html><body/></html>"), 10))
                .isInstanceOf(WarmSitemap.Invalid.class).hasMessageContaining("<html>");
        assertThatThrownBy(() -> WarmSitemap.urls(xml("<urlset><url><loc>unclosed"), 10))
                .isInstanceOf(WarmSitemap.Invalid.class).hasMessageContaining("well-formed");
        assertThatThrownBy(() -> WarmSitemap.urls(xml("<urlset/>"), 10))
                .isInstanceOf(WarmSitemap.Invalid.class).hasMessageContaining("no URLs");
    }

    @Test
    void urls_refuseMoreThanTheBound() {
        StringBuilder many = new StringBuilder("<urlset>");
        for (int i = 0; i < 11; i++) {
            many.append("<url><loc>http://a.localhost/").append(i).append("</loc></url>");
        }
        assertThatThrownBy(() -> WarmSitemap.urls(xml(many.append("</urlset>").toString()), 10))
                .isInstanceOf(WarmSitemap.Invalid.class).hasMessageContaining("more than 10");
    }
}
