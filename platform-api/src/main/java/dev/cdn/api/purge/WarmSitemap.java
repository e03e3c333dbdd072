package dev.cdn.api.purge;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the page URLs of a sitemap (sitemaps.org protocol 0.9: {@code <urlset><url><loc>...}). Parsed safely: no
 * DTD, so no external entities (XXE) and no entity expansion (billion laughs); a document that declares one is
 * refused rather than read with the declaration ignored. Sitemap indexes are not followed (each would be another
 * fetch on the tenant's behalf): the caller is told to post each sitemap.
 */
final class WarmSitemap {

    /** Why a sitemap could not be used; the message is for the tenant. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private WarmSitemap() {
    }

    static List<String> urls(byte[] xml, int maxUrls) throws Invalid {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        List<String> urls = new ArrayList<>();
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            boolean root = true;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new Invalid("declares a DTD; sitemaps must not (entities are not resolved)");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new Invalid("uses an entity reference ('&" + r.getLocalName() + ";'); only the five XML escapes are allowed");
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (root) {
                    root = false;
                    if (name.equals("sitemapindex")) {
                        throw new Invalid("is a sitemap index; post each of its sitemaps instead");
                    }
                    if (!name.equals("urlset")) {
                        throw new Invalid("is not a sitemap: its root element is <" + name + ">, not <urlset>");
                    }
                } else if (name.equals("loc")) {
                    String loc = r.getElementText().strip();
                    if (urls.size() == maxUrls) {
                        throw new Invalid("lists more than " + maxUrls + " URLs; split it");
                    }
                    urls.add(loc);
                }
            }
        } catch (XMLStreamException e) {
            throw new Invalid("is not well-formed XML: " + e.getMessage().lines().reduce((a, b) -> b).orElse(""));
        }
        if (urls.isEmpty()) {
            throw new Invalid("lists no URLs");
        }
        return urls;
    }
}
