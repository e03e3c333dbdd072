package dev.cdn.portal.dashboard;

import dev.cdn.portal.analytics.TrafficSummary;
import dev.cdn.portal.api.ServiceSummary;

/** One dashboard row: a service and its traffic over the last hour ({@code null} when it could not be read). */
public record ServiceRow(ServiceSummary service, TrafficSummary lastHour) {
}
