# A network load balancer (TCP, keeps client addresses, static per-AZ addresses usable by Global Accelerator),
# health-checking each node's admin /readyz, and an alarm that global routing turns into a PoP health check.

resource "aws_lb" "this" {
  name                             = local.lb_names.lb
  load_balancer_type               = "network"
  internal                         = false
  subnets                          = local.subnet_ids
  enable_cross_zone_load_balancing = true
  # A security group of its own lets the nodes admit the load balancer alone (security.tf).
  security_groups = [aws_security_group.lb.id]
  tags            = local.tags

  # An NLB writes access logs for its TLS listeners only: with the default TCP pass-through on 443 the nodes' own
  # access logs are the record of client traffic (docs/deploy.md#access-logs).
  access_logs {
    bucket  = module.access_logs.bucket
    prefix  = module.access_logs.prefix
    enabled = true
  }
}

# The region's access-log bucket (one PoP per region).
module "access_logs" {
  source = "../access-logs"

  bucket_name    = coalesce(var.access_logs_bucket_name, "${local.prefix}-lb-logs-${data.aws_caller_identity.current.account_id}")
  prefix         = "${local.prefix}-${var.role}"
  retention_days = var.access_log_retention_days
  tags           = local.tags
}

# One target group per node port: "traffic" (plain HTTP, port 80: clients, and ACME HTTP-01 validation) and "tls"
# (TCP 443 passed through to the nodes' TLS listener, which picks each tenant's certificate by SNI). With
# certificate_arn, "tls_offload" replaces "tls": TLS terminated by the NLB arrives on the nodes' TLS-offload listener
# (8443), so they cache it apart from plain HTTP and tell origins it was https (X-Forwarded-Proto).
resource "aws_lb_target_group" "node" {
  for_each = local.target_ports

  name                 = local.lb_names[each.key]
  port                 = each.value
  protocol             = "TCP"
  target_type          = "instance"
  vpc_id               = local.vpc_id
  deregistration_delay = 30
  preserve_client_ip   = "true"
  tags                 = local.tags

  # Readiness, not liveness: /readyz answers 503 while a node has no config to serve, has not caught up with the
  # control plane since start (within its 10 s fail-static timeout) or its disk tier is unusable, so such a node
  # takes no client traffic, and the autoscaling group (ELB health checks) replaces one that stays so past its grace
  # period. /healthz only says the process answers.
  health_check {
    protocol            = "HTTP"
    port                = tostring(local.admin_port)
    path                = "/readyz"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }
}

# Deployments made before the TLS-offload group existed keep their target group.
moved {
  from = aws_lb_target_group.node
  to   = aws_lb_target_group.node["traffic"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = local.traffic_port
  protocol          = "TCP"
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.node["traffic"].arn
  }
}

# 443: TCP passed through to the nodes' TLS listener (the certificates are per tenant, so TLS cannot end here), or, with
# certificate_arn, TLS terminated with that one certificate and sent to the TLS-offload listener.
resource "aws_lb_listener" "tls" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = local.with_offload ? "TLS" : "TCP"
  certificate_arn   = var.certificate_arn
  ssl_policy        = local.with_offload ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.node[local.with_offload ? "tls_offload" : "tls"].arn
  }
}

# Deployments made when 443 existed only with a certificate keep their listener.
moved {
  from = aws_lb_listener.tls[0]
  to   = aws_lb_listener.tls
}

# Breaches when the PoP has no healthy node for two minutes.
resource "aws_cloudwatch_metric_alarm" "no_healthy_nodes" {
  alarm_name          = "${local.prefix}-${var.role}-no-healthy-nodes"
  alarm_description   = "PoP ${var.pop} (${var.role}) has no healthy edge-runtime node behind its load balancer"
  namespace           = "AWS/NetworkELB"
  metric_name         = "HealthyHostCount"
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 2
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [local.alarm_topic_arn]
  ok_actions          = [local.alarm_topic_arn]
  tags                = local.tags

  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.node["traffic"].arn_suffix
  }
}

# Where the PoP's alarms go: the topic given (e.g. the on-call rotation's) or one of the PoP's own, to which
# operators subscribe (email, chat, paging).
resource "aws_sns_topic" "alarms" {
  count = var.alarm_topic_arn == null ? 1 : 0

  name = "${local.prefix}-${var.role}-alarms"
  tags = local.tags
}
