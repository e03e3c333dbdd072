package dev.cdn.portal.service;

/** The edge-logic editor's form: the whole document as JSON (experiments and rules). */
public record EdgeLogicForm(String document) {
}
