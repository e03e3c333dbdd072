# One internet-facing application load balancer: HTTPS only (HTTP answers with a redirect), host-based routing
# to the API and the portal, and a long idle timeout for the edges' event streams.

resource "aws_lb" "this" {
  name                       = "${var.name}-cp"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = local.public_subnet_ids
  security_groups            = [aws_security_group.lb.id]
  idle_timeout               = var.lb_idle_timeout
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  tags                       = local.tags

  access_logs {
    bucket  = module.access_logs.bucket
    prefix  = module.access_logs.prefix
    enabled = true
  }
}

data "aws_caller_identity" "current" {}

# The control plane region's access-log bucket.
module "access_logs" {
  source = "../access-logs"

  bucket_name    = coalesce(var.access_logs_bucket_name, "${var.name}-cp-lb-logs-${data.aws_caller_identity.current.account_id}")
  prefix         = "${var.name}-cp"
  retention_days = var.access_log_retention_days
  tags           = local.tags
}

resource "aws_lb_target_group" "api" {
  name                 = "${var.name}-cp-api"
  port                 = local.api_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = local.vpc_id
  deregistration_delay = 30
  tags                 = local.tags

  # Readiness (Spring's readiness group, which includes the database): a replica that cannot reach PostgreSQL
  # gets no requests. The load balancer's health checks go to the targets directly, past the listener rules.
  health_check {
    path                = "/actuator/health/readiness"
    port                = "traffic-port"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_target_group" "portal" {
  name                 = "${var.name}-cp-portal"
  port                 = local.portal_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = local.vpc_id
  deregistration_delay = 30
  tags                 = local.tags

  health_check {
    path                = "/actuator/health"
    port                = "traffic-port"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  stickiness {
    type    = "lb_cookie"
    enabled = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = local.certificate_arn
  tags              = local.tags

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "unknown host"
      status_code  = "404"
    }
  }
}

# The actuator (Prometheus metrics, health details) is for the load balancer's health checks and for scrapers
# inside the VPC, never for the internet: every /actuator path answers 404 here, whatever the host.
resource "aws_lb_listener_rule" "actuator_hidden" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 5
  tags         = local.tags

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "not found"
      status_code  = "404"
    }
  }

  condition {
    path_pattern {
      values = ["/actuator", "/actuator/*"]
    }
  }
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10
  tags         = local.tags

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }

  condition {
    host_header {
      values = [var.api_domain]
    }
  }
}

resource "aws_lb_listener_rule" "portal" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 20
  tags         = local.tags

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }

  condition {
    host_header {
      values = [var.portal_domain]
    }
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = local.tags

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
