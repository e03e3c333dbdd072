package dev.cdn.edge.esi;

import java.util.List;

/**
 * A body parsed once into ESI nodes; immutable, so one instance serves every request for the object it came from.
 *
 * @param nodes the nodes in document order
 * @param droppedElements unknown or misplaced {@code esi:} elements that were dropped (their tags, not their text)
 * @param malformedTags tags that could not be read (unclosed, over the size limit, unbalanced) and were dropped
 * @param includes how many {@code esi:include} elements the document holds, in every branch
 */
public record EsiDocument(List<EsiNode> nodes, int droppedElements, int malformedTags, int includes) {

    public EsiDocument {
        nodes = List.copyOf(nodes);
    }

    /** True when the document holds no ESI element that acts on delivery: it can be served as stored. */
    public boolean isPlainText() {
        return nodes.isEmpty() || (nodes.size() == 1 && nodes.get(0) instanceof EsiNode.Text);
    }
}
