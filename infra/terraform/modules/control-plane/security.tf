# Least privilege between tiers: clients -> load balancer (443, and 80 only to redirect) -> tasks (their own
# port, from the load balancer's group only) -> database (5432, from platform-api's group only). The portal
# never reaches the database. Tasks may leave through NAT on 443 only (AWS APIs, image registry, and the portal's
# calls to the public API URL).

resource "aws_security_group" "lb" {
  name        = "${var.name}-cp-lb"
  description = "Control-plane load balancer: HTTPS from clients and edges"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${var.name}-cp-lb" })
}

resource "aws_security_group" "api" {
  name        = "${var.name}-cp-api"
  description = "platform-api tasks: 8080 from the load balancer only"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${var.name}-cp-api" })
}

resource "aws_security_group" "portal" {
  name        = "${var.name}-cp-portal"
  description = "portal tasks: 8081 from the load balancer only"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${var.name}-cp-portal" })
}

resource "aws_security_group" "db" {
  name        = "${var.name}-cp-db"
  description = "PostgreSQL: 5432 from platform-api only"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = "${var.name}-cp-db" })
}

resource "aws_vpc_security_group_ingress_rule" "lb_https" {
  for_each = toset(var.allowed_ingress_cidrs)

  security_group_id = aws_security_group.lb.id
  description       = "HTTPS from clients"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
  tags              = local.tags
}

# The portal calls the API through its public URL, i.e. from the NAT gateways' addresses: when client ingress
# is restricted, those addresses must still be let in.
resource "aws_vpc_security_group_ingress_rule" "lb_https_from_nat" {
  count = contains(var.allowed_ingress_cidrs, "0.0.0.0/0") ? 0 : local.nat_count

  security_group_id = aws_security_group.lb.id
  description       = "HTTPS from this VPC's NAT gateways (the portal calling the API)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "${aws_eip.nat[count.index].public_ip}/32"
  tags              = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "lb_http_redirect" {
  for_each = toset(var.allowed_ingress_cidrs)

  security_group_id = aws_security_group.lb.id
  description       = "HTTP, answered with a redirect to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lb_to_api" {
  security_group_id            = aws_security_group.lb.id
  description                  = "To platform-api tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.api_port
  to_port                      = local.api_port
  referenced_security_group_id = aws_security_group.api.id
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lb_to_portal" {
  security_group_id            = aws_security_group.lb.id
  description                  = "To portal tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.portal_port
  to_port                      = local.portal_port
  referenced_security_group_id = aws_security_group.portal.id
  tags                         = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "api_from_lb" {
  security_group_id            = aws_security_group.api.id
  description                  = "From the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.api_port
  to_port                      = local.api_port
  referenced_security_group_id = aws_security_group.lb.id
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "api_to_db" {
  security_group_id            = aws_security_group.api.id
  description                  = "To PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  referenced_security_group_id = aws_security_group.db.id
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "api_https" {
  security_group_id = aws_security_group.api.id
  description       = "HTTPS out through NAT: Secrets Manager, image registry, logs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "portal_from_lb" {
  security_group_id            = aws_security_group.portal.id
  description                  = "From the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.portal_port
  to_port                      = local.portal_port
  referenced_security_group_id = aws_security_group.lb.id
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "portal_https" {
  security_group_id = aws_security_group.portal.id
  description       = "HTTPS out through NAT: the public API URL, image registry, logs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "db_from_api" {
  security_group_id            = aws_security_group.db.id
  description                  = "From platform-api tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  referenced_security_group_id = aws_security_group.api.id
  tags                         = local.tags
}
