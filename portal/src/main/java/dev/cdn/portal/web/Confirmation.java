package dev.cdn.portal.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a confirmation page shows before a destructive action: the question, what follows in plain sentences, the
 * form that does it (its action and hidden fields, the ETag among them) and the way back. Every such page is
 * rendered by the one {@code confirm} template, so they all read and behave alike and need no JavaScript.
 *
 * <p>A {@link #refusal} replaces the form when the action cannot be taken any more (a draft that was activated
 * meanwhile, say): the page then says why instead of offering a button that would fail.
 */
public record Confirmation(String title, List<Link> breadcrumb, String question, List<String> consequences,
        String action, Map<String, String> hidden, String confirmLabel, Link cancel, String refusal) {

    /** A link of the breadcrumb or the way back. */
    public record Link(String label, String href) {
    }

    public Confirmation {
        Objects.requireNonNull(question, "question");
        breadcrumb = List.copyOf(breadcrumb);
        consequences = List.copyOf(consequences);
        hidden = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hidden));
    }

    /** Starts a confirmation that asks {@code question}; the page title is the question too. */
    public static Builder ask(String question) {
        return new Builder(question);
    }

    /** Whether the page offers the action (there is no refusal). */
    public boolean offered() {
        return refusal == null;
    }

    /** Collects a confirmation step by step; {@link #build()} checks that the form has somewhere to go. */
    public static final class Builder {
        private final String question;
        private final List<Link> breadcrumb = new ArrayList<>();
        private final List<String> consequences = new ArrayList<>();
        private final Map<String, String> hidden = new LinkedHashMap<>();
        private String action;
        private String confirmLabel;
        private Link cancel;
        private String refusal;

        private Builder(String question) {
            this.question = question;
        }

        /** Adds a breadcrumb link above the question. */
        public Builder under(String label, String href) {
            breadcrumb.add(new Link(label, href));
            return this;
        }

        /** Adds a sentence saying what the action does. */
        public Builder says(String consequence) {
            consequences.add(consequence);
            return this;
        }

        /** The form's target and its button's label. */
        public Builder posts(String action, String confirmLabel) {
            this.action = action;
            this.confirmLabel = confirmLabel;
            return this;
        }

        /** A hidden field of the form; a null value (no ETag known, say) sends nothing. */
        public Builder with(String name, String value) {
            if (value != null) {
                hidden.put(name, value);
            }
            return this;
        }

        /** The way back, which changes nothing. */
        public Builder cancel(String label, String href) {
            this.cancel = new Link(label, href);
            return this;
        }

        /** The action cannot be taken: the page says why and offers no form. */
        public Builder refuse(String reason) {
            this.refusal = reason;
            return this;
        }

        public Confirmation build() {
            if (refusal == null && (action == null || confirmLabel == null)) {
                throw new IllegalStateException("a confirmation needs an action and a button label");
            }
            Objects.requireNonNull(cancel, "cancel");
            return new Confirmation(question, breadcrumb, question, consequences, action, hidden, confirmLabel,
                    cancel, refusal);
        }
    }
}
