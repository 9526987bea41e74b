"""CloudTrail delivery files: gzipped `{"Records":[...]}` objects under
`AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/`.

Records follow the shape of the real trail in /work/shared/realdata/cloudtrail
(key order, compact JSON, userIdentity variants with sessionContext,
requestParameters that are null or objects of per-API shape, S3 calls with
additionalEventData and resources, ~5% errors with errorCode/errorMessage).
"""

import datetime as dt
import json

from common import (
    ACCOUNT, REGIONS, UPPER_DIGITS, iso_z, public_ip, rand_str, slot_time, uuid4, zipf_weights,
)

# One record among all is looked up by this request ID (query needle_request_id).
NEEDLE_REQUEST_ID = "5f0e8c2a-3b7d-4e61-9a4f-2c8d1e7b6a90"

USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
         "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
         "ci-deploy", "terraform", "backup-agent", "grafana-reader", "datadog-integration",
         "legacy-etl", "support-bot"]
ROLES = [("AdministratorAccess-SSO", ["alice@example.com", "bob@example.com", "carol@example.com"]),
         ("ReadOnly-SSO", ["dave@example.com", "erin@example.com", "frank@example.com"]),
         ("eks-node-group-role", ["i-0a1b2c3d4e5f60718", "i-0f1e2d3c4b5a69788", "i-05a6b7c8d9e0f1a2b"]),
         ("lambda-orders-exec", ["orders-ingest", "orders-enrich"]),
         ("lambda-reports-exec", ["reports-nightly"]),
         ("OrganizationAccountAccessRole", ["admin-session"]),
         ("github-actions-deploy", ["GitHubActions"]),
         ("ecsTaskExecutionRole", ["3f9c1e2d8a7b4c6d"])]
SERVICES = ["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com",
            "cloudformation.amazonaws.com", "autoscaling.amazonaws.com", "config.amazonaws.com"]
BUCKETS = ["acme-prod-data", "acme-prod-logs", "acme-analytics", "acme-backups", "acme-web-assets",
           "acme-terraform-state", "acme-tmp-exports", "acme-ml-datasets", "acme-audit-archive",
           "acme-dev-scratch", "cf-templates-1x2y3z-us-east-1", "acme-partner-drop"]
AGENTS = ["aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.amzn.2 prompt/off command/s3.ls",
          "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8",
          "aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.5",
          "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0",
          "aws-sdk-java/2.25.16 Linux/6.1.0 OpenJDK_64-Bit_Server_VM/21.0.2+13-LTS Java/21.0.2",
          "console.amazonaws.com",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"]
CIPHERS = ["ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES256-GCM-SHA384"]
ERROR_MESSAGES = {
    "AccessDenied": "Access Denied",
    "AccessDeniedException": "User: {arn} is not authorized to perform this operation",
    "ThrottlingException": "Rate exceeded",
    "Client.UnauthorizedOperation": "You are not authorized to perform this operation.",
    "NoSuchBucketPolicy": "The bucket policy does not exist",
    "NoSuchKey": "The specified key does not exist.",
    "ParameterNotFound": "Parameter not found",
    "ResourceNotFoundException": "Secrets Manager can't find the specified secret.",
    "InvalidClientTokenId": "The security token included in the request is invalid.",
    "BucketNotEmpty": "The bucket you tried to delete is not empty",
    "Client.InvalidInstanceID.NotFound": "The instance ID 'i-0deadbeef0000000' does not exist",
}


class Org:
    """The fixed cast of identities and the addresses each one uses."""

    def __init__(self, rng):
        self.users = [(u, "AIDA" + rand_str(rng, 17, UPPER_DIGITS), "AKIA" + rand_str(rng, 16, UPPER_DIGITS),
                       [public_ip(rng) for _ in range(rng.randint(1, 4))]) for u in USERS]
        self.roles = [(r, "AROA" + rand_str(rng, 17, UPPER_DIGITS), sessions,
                       [f"10.0.{rng.randrange(1, 4)}.{rng.randrange(2, 250)}" for _ in range(3)] +
                       [public_ip(rng) for _ in range(2)]) for r, sessions in ROLES]
        self.user_w = zipf_weights(len(self.users), 0.9)
        self.role_w = zipf_weights(len(self.roles), 0.8)


def identity(rng, org, t, kind, console=False):
    """A userIdentity of `kind` and the source address it calls from."""
    if kind == "IAMUser":
        name, pid, key, ips = rng.choices(org.users, org.user_w)[0]
        ui = {"type": "IAMUser", "principalId": pid, "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
              "accountId": ACCOUNT}
        if not console:
            ui["accessKeyId"] = key
        ui["userName"] = name
        return ui, rng.choice(ips)
    if kind == "AssumedRole":
        role, pid, sessions, ips = rng.choices(org.roles, org.role_w)[0]
        session = rng.choice(sessions)
        created = t - dt.timedelta(seconds=rng.randrange(60, 3600))
        ui = {"type": "AssumedRole", "principalId": f"{pid}:{session}",
              "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}", "accountId": ACCOUNT,
              "accessKeyId": "ASIA" + rand_str(rng, 16, UPPER_DIGITS),
              "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": pid,
                                                   "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
                                                   "accountId": ACCOUNT, "userName": role},
                                 "webIdFederationData": {},
                                 "attributes": {"creationDate": iso_z(created),
                                                "mfaAuthenticated": "true" if role.endswith("SSO") else "false"}}}
        return ui, rng.choice(ips)
    if kind == "Root":
        ui = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root",
              "accountId": ACCOUNT}
        if not console:
            ui["accessKeyId"] = "ASIA" + rand_str(rng, 16, UPPER_DIGITS)
        return ui, "198.51.100.23"
    service = rng.choice(SERVICES)
    return {"type": "AWSService", "invokedBy": service}, service


def _bucket(rng):
    return rng.choices(BUCKETS, zipf_weights(len(BUCKETS), 1.0))[0]


def _instances(rng):
    return {"instancesSet": {"items": [{"instanceId": "i-0" + rand_str(rng, 16, "0123456789abcdef")}
                                       for _ in range(rng.randint(1, 3))]}}


def _filters(rng):
    return {"filterSet": {"items": [{"name": "vpc-id", "valueSet": {"items": [
        {"value": "vpc-0" + rand_str(rng, 16, "0123456789abcdef")}]}}]}}


def _kms(rng):
    return {"encryptionAlgorithm": "SYMMETRIC_DEFAULT",
            "keyId": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{uuid4(rng)}",
            "encryptionContext": {"aws:lambda:FunctionArn":
                                  f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders-ingest"}}


def _assume(rng):
    role, sessions = rng.choice(ROLES)
    return {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/{role}", "roleSessionName": rng.choice(sessions),
            "durationSeconds": rng.choice([900, 3600, 43200])}


def _param(rng):
    return {"name": rng.choice(["/prod/db/password", "/prod/api/key", "/shared/feature-flags",
                                "/dev/db/url"]), "withDecryption": rng.random() < 0.7}


def _s3(extra=None):
    def build(rng):
        b = _bucket(rng)
        p = {"bucketName": b, "Host": f"{b}.s3.amazonaws.com"}
        if extra:
            p.update(extra(rng))
        return p
    return build


def _key(rng):
    return {"key": f"{rng.choice(['raw', 'exports', 'img', 'reports'])}/{rng.randrange(2024, 2027)}/"
                   f"{rand_str(rng, 12)}.{rng.choice(['json', 'csv', 'png', 'parquet'])}"}


def _none(rng):
    return None


def _secret(rng):
    return {"secretId": f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:prod/"
                        f"{rng.choice(['db', 'stripe', 'oauth'])}-{rand_str(rng, 6)}"}


# (source, name, weight, readOnly, requestParameters builder, possible errors, data event)
EVENTS = [
    ("kms.amazonaws.com", "Decrypt", 180, True, _kms, ["AccessDeniedException"], False),
    ("sts.amazonaws.com", "AssumeRole", 120, True, _assume, ["AccessDenied"], False),
    ("s3.amazonaws.com", "GetObject", 110, True, _s3(_key), ["NoSuchKey", "AccessDenied"], True),
    ("s3.amazonaws.com", "PutObject", 60, False, _s3(_key), ["AccessDenied"], True),
    ("kms.amazonaws.com", "GenerateDataKey", 60, True, _kms, ["AccessDeniedException"], False),
    ("ec2.amazonaws.com", "DescribeInstances", 55, True, _instances,
     ["Client.UnauthorizedOperation", "Client.InvalidInstanceID.NotFound"], False),
    ("ssm.amazonaws.com", "GetParameter", 50, True, _param, ["ParameterNotFound", "ThrottlingException"], False),
    ("ec2.amazonaws.com", "DescribeRouteTables", 35, True, _filters, ["Client.UnauthorizedOperation"], False),
    ("sts.amazonaws.com", "GetCallerIdentity", 30, True, _none, ["InvalidClientTokenId"], False),
    ("secretsmanager.amazonaws.com", "GetSecretValue", 25, True, _secret,
     ["ResourceNotFoundException", "AccessDeniedException"], False),
    ("s3.amazonaws.com", "ListBuckets", 20, True, lambda rng: {"Host": "s3.amazonaws.com"}, ["AccessDenied"], False),
    ("s3.amazonaws.com", "GetBucketAcl", 18, True, _s3(lambda rng: {"acl": ""}), ["AccessDenied"], False),
    ("s3.amazonaws.com", "GetBucketPolicy", 12, True, _s3(lambda rng: {"policy": ""}),
     ["NoSuchBucketPolicy", "AccessDenied"], False),
    ("ec2.amazonaws.com", "DescribeSecurityGroups", 12, True, _filters, ["Client.UnauthorizedOperation"], False),
    ("iam.amazonaws.com", "ListAttachedRolePolicies", 8, True,
     lambda rng: {"roleName": rng.choice(ROLES)[0]}, ["AccessDenied"], False),
    ("logs.amazonaws.com", "CreateLogStream", 8, False,
     lambda rng: {"logGroupName": "/aws/lambda/orders-ingest", "logStreamName": rand_str(rng, 32)},
     ["ThrottlingException"], False),
    ("ec2.amazonaws.com", "RunInstances", 3, False,
     lambda rng: {"instanceType": rng.choice(["t3.micro", "m6i.large", "c7g.xlarge"]),
                  "minCount": 1, "maxCount": 1, "instancesSet": {"items": [{"imageId": "ami-0" + rand_str(rng, 16, "0123456789abcdef")}]}},
     ["Client.UnauthorizedOperation"], False),
    ("s3.amazonaws.com", "CreateBucket", 2, False, _s3(lambda rng: {"x-amz-acl": "private"}), ["AccessDenied"], False),
    ("s3.amazonaws.com", "PutBucketPolicy", 2, False,
     _s3(lambda rng: {"bucketPolicy": {"Version": "2012-10-17", "Statement": [
         {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}}), ["AccessDenied"], False),
    ("iam.amazonaws.com", "CreateAccessKey", 1, False, lambda rng: {"userName": rng.choice(USERS)},
     ["AccessDenied"], False),
    ("s3.amazonaws.com", "DeleteBucket", 0.6, False, _s3(), ["BucketNotEmpty", "AccessDenied"], False),
]
EVENT_WEIGHTS = [e[2] for e in EVENTS]
KINDS = ["AssumedRole", "IAMUser", "AWSService", "Root"]
KIND_WEIGHTS = [55, 36, 8.7, 0.3]


def s3_request_id(rng):
    return rand_str(rng, 16, UPPER_DIGITS)


def record(rng, org, t, region):
    """One API call."""
    if rng.random() < 0.003:
        return console_login(rng, org, t, region)
    source, name, _, read_only, params, errors, data_event = rng.choices(EVENTS, EVENT_WEIGHTS)[0]
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    if kind == "AWSService" and source == "s3.amazonaws.com" and not data_event:
        kind = "AssumedRole"
    ui, ip = identity(rng, org, t, kind)
    r = {"eventVersion": "1.09" if rng.random() < 0.2 else "1.08", "userIdentity": ui,
         "eventTime": iso_z(t), "eventSource": source, "eventName": name, "awsRegion": region,
         "sourceIPAddress": ip,
         "userAgent": ip if kind == "AWSService" else rng.choices(AGENTS, [30, 25, 15, 10, 8, 6, 4, 2])[0]}
    failed = rng.random() < 0.05
    if failed:
        code = rng.choice(errors)
        r["errorCode"] = code
        r["errorMessage"] = ERROR_MESSAGES[code].format(arn=ui.get("arn", ""))
    r["requestParameters"] = params(rng)
    is_s3 = source == "s3.amazonaws.com"
    r["responseElements"] = None if failed or read_only or is_s3 else {"requestId": uuid4(rng)}
    if is_s3:
        r["additionalEventData"] = {"SignatureVersion": "SigV4", "CipherSuite": rng.choice(CIPHERS),
                                    "bytesTransferredIn": rng.randrange(0, 200000) if name == "PutObject" else 0,
                                    "AuthenticationMethod": "AuthHeader",
                                    "x-amz-id-2": rand_str(rng, 76),
                                    "bytesTransferredOut": rng.randrange(0, 500000) if name == "GetObject" else 0}
    r["requestID"] = s3_request_id(rng) if is_s3 else uuid4(rng)
    r["eventID"] = uuid4(rng)
    r["readOnly"] = read_only
    if is_s3 and r["requestParameters"] and "bucketName" in r["requestParameters"]:
        bucket = r["requestParameters"]["bucketName"]
        res = [{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
        if data_event:
            res.insert(0, {"type": "AWS::S3::Object",
                           "ARN": f"arn:aws:s3:::{bucket}/{r['requestParameters']['key']}"})
        r["resources"] = res
    r["eventType"] = "AwsApiCall"
    r["managementEvent"] = not data_event
    r["recipientAccountId"] = ACCOUNT
    if rng.random() < 0.1 and kind != "AWSService":
        r["vpcEndpointId"] = "vpce-0" + rand_str(rng, 16, "0123456789abcdef")
    r["eventCategory"] = "Data" if data_event else "Management"
    if kind != "AWSService":
        host = f"{source.split('.')[0]}.{region}.amazonaws.com"
        if is_s3 and r["requestParameters"] and "Host" in r["requestParameters"]:
            host = r["requestParameters"]["Host"]
        r["tlsDetails"] = {"tlsVersion": rng.choice(["TLSv1.2", "TLSv1.3"]),
                           "cipherSuite": rng.choice(CIPHERS), "clientProvidedHostHeader": host}
    if ui.get("type") == "AssumedRole" and "SSO" in ui["arn"] and rng.random() < 0.5:
        r["sessionCredentialFromConsole"] = "true"
    return r


def console_login(rng, org, t, region):
    kind = rng.choices(["IAMUser", "AssumedRole", "Root"], [70, 25, 5])[0]
    ui, ip = identity(rng, org, t, kind, console=True)
    ok = rng.random() < 0.9
    mfa = "Yes" if rng.random() < 0.7 else "No"
    r = {"eventVersion": "1.08", "userIdentity": ui, "eventTime": iso_z(t),
         "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": region,
         "sourceIPAddress": ip, "userAgent": rng.choice(AGENTS[6:])}
    if not ok:
        r["errorMessage"] = "Failed authentication"
    r["requestParameters"] = None
    r["responseElements"] = {"ConsoleLogin": "Success" if ok else "Failure"}
    r["additionalEventData"] = {"LoginTo": f"https://console.aws.amazon.com/console/home?region={region}",
                                "MobileVersion": "No", "MFAUsed": mfa}
    if mfa == "Yes":
        r["additionalEventData"]["MFAIdentifier"] = f"arn:aws:iam::{ACCOUNT}:mfa/{ui.get('userName', 'root')}"
    r["eventID"] = uuid4(rng)
    r["readOnly"] = False
    r["eventType"] = "AwsConsoleSignIn"
    r["managementEvent"] = True
    r["recipientAccountId"] = ACCOUNT
    r["eventCategory"] = "Management"
    r["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": "signin.aws.amazon.com"}
    return r


def needle(rng, org, t, region):
    """The single record the needle query looks for."""
    r = record(rng, org, t, region)
    r["eventSource"], r["eventName"] = "secretsmanager.amazonaws.com", "GetSecretValue"
    r.pop("errorCode", None)
    r.pop("errorMessage", None)
    r["requestID"] = NEEDLE_REQUEST_ID
    return r


def write_file(root, rng, org, index, count, target):
    """Writes object `index` of `count`; returns (relative path, bytes, records)."""
    region = REGIONS[index % len(REGIONS)]
    end = slot_time(index, count, rng)
    parts, size = [], 0
    while size < target:
        t = end - dt.timedelta(seconds=rng.randrange(0, 300), microseconds=0)
        make = needle if index == count // 2 and not parts else record
        text = json.dumps(make(rng, org, t, region), separators=(",", ":"))
        parts.append(text)
        size += len(text) + 1
    body = ('{"Records":[' + ",".join(parts) + "]}").encode()
    stamp = end.strftime("%Y%m%dT%H%MZ")
    rel = (f"AWSLogs/{ACCOUNT}/CloudTrail/{region}/{end:%Y/%m/%d}/"
           f"{ACCOUNT}_CloudTrail_{region}_{stamp}_{rand_str(rng, 16)}.json.gz")
    return rel, body, len(parts)
