//! `parse_user_agent`: browser, OS and device class of a User-Agent.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, ArrayRef, StringBuilder, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::common::PARSE_SECTION;
use super::ua::{Agent, parse};
use crate::args::{Kind, coerce, str_at, strings};

/// `parse_user_agent(user_agent)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ParseUserAgentFunc {
    signature: Signature,
}

impl Default for ParseUserAgentFunc {
    fn default() -> Self {
        Self::new()
    }
}

impl ParseUserAgentFunc {
    /// Creates the function.
    pub fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

const FIELDS: [&str; 5] = ["browser", "browser_version", "os", "os_version", "device"];

fn fields() -> Fields {
    FIELDS
        .iter()
        .map(|name| Field::new(*name, DataType::Utf8, true))
        .collect()
}

impl ScalarUDFImpl for ParseUserAgentFunc {
    fn name(&self) -> &str {
        "parse_user_agent"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(self.name(), arg_types, &[&[Kind::Str]])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let input = strings(&args.args[0], args.number_rows)?;
        let mut builders: Vec<StringBuilder> =
            FIELDS.iter().map(|_| StringBuilder::new()).collect();
        let mut valid = Vec::with_capacity(input.len());
        // Logs repeat a few agents endlessly; each distinct one is parsed once
        // per batch.
        let mut seen: HashMap<&str, Agent> = HashMap::new();
        for row in 0..input.len() {
            let Some(ua) = str_at(&input, row) else {
                valid.push(false);
                builders.iter_mut().for_each(|b| b.append_null());
                continue;
            };
            let agent = seen.entry(ua).or_insert_with(|| parse(ua));
            valid.push(true);
            let values = [
                agent.browser.as_deref(),
                agent.browser_version.as_deref(),
                agent.os.as_deref(),
                agent.os_version.as_deref(),
                agent.device,
            ];
            for (b, v) in builders.iter_mut().zip(values) {
                b.append_option(v);
            }
        }
        let columns: Vec<ArrayRef> = builders
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        let array = StructArray::try_new(fields(), columns, Some(NullBuffer::from(valid)))?;
        Ok(ColumnarValue::Array(Arc::new(array)))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(
                PARSE_SECTION,
                "Parses a User-Agent into a struct of `browser`, `browser_version`, `os`, `os_version` and `device` with a compact hand-written rule set for the agents seen in web, load-balancer, CloudFront and CloudTrail logs. `browser` names the client program: Chrome, Firefox, Safari, Edge, Opera, Opera Mini, IE, Chromium, Samsung Internet, Android Browser; a crawler's own name (Googlebot, bingbot, Baiduspider, ...); AWS tools and SDKs (aws-cli, Boto3, Botocore, Terraform, aws-sdk-java, aws-sdk-go-v2, ...), the console or service in CloudTrail agents (`S3Console`, `AWS Internal`, `ec2.amazonaws.com`); otherwise the agent's first product (curl, Wget, python-requests, Go-http-client, ...). `os` is Windows (version 7, 8.1, 10, XP, ... from the NT version), Mac OS X, iOS, Android, Windows Phone, Chrome OS, Ubuntu, Linux, Darwin, macOS or FreeBSD, with the version the agent states. `device` is `bot` (crawlers, headless browsers, agents that carry a contact link), `mobile`, `tablet` or `desktop` for browsers, and `other` for tools, libraries and agents no rule knows. A field the agent does not state is NULL; `''` and `-` give all fields NULL. URL-encoded agents (CloudFront) and bracketed ones (CloudTrail) are decoded first. NULL gives NULL. Quarry-specific: Athena (Trino) has no such function.",
                "parse_user_agent(user_agent)",
            )
            .with_sql_example("> SELECT parse_user_agent('Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36');\n{browser: Chrome, browser_version: 32.0.1700.107, os: Windows, os_version: 7, device: desktop}")
            .with_argument("user_agent", "VARCHAR User-Agent header value.")
            .build()
        }))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::AsArray;

    use super::*;
    use crate::args::testing::{invoke, strs};

    type Expected = (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );

    fn check(ua: &str, (browser, version, os, os_version, device): Expected) {
        let got = parse(ua);
        let got = (
            got.browser.as_deref(),
            got.browser_version.as_deref(),
            got.os.as_deref(),
            got.os_version.as_deref(),
            got.device,
        );
        assert_eq!(got, (browser, version, os, os_version, device), "{ua}");
    }

    /// Agents from /work/shared/realdata (apache, ALB, CloudFront, S3 access,
    /// CloudTrail), each with the answer worked out by reading it.
    #[test]
    fn browsers_from_web_server_logs() {
        let s = Some;
        for (ua, expected) in [
            (
                "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36",
                (
                    s("Chrome"),
                    s("32.0.1700.107"),
                    s("Windows"),
                    s("7"),
                    s("desktop"),
                ),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.91 Safari/537.36",
                (
                    s("Chrome"),
                    s("33.0.1750.91"),
                    s("Mac OS X"),
                    s("10.9.1"),
                    s("desktop"),
                ),
            ),
            (
                "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:27.0) Gecko/20100101 Firefox/27.0",
                (s("Firefox"), s("27.0"), s("Ubuntu"), None, s("desktop")),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.7; rv:22.0) Gecko/20100101 Firefox/22.0",
                (
                    s("Firefox"),
                    s("22.0"),
                    s("Mac OS X"),
                    s("10.7"),
                    s("desktop"),
                ),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11",
                (
                    s("Safari"),
                    s("7.0.1"),
                    s("Mac OS X"),
                    s("10.9.1"),
                    s("desktop"),
                ),
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/32.0.1700.102 Chrome/32.0.1700.102 Safari/537.36",
                (
                    s("Chromium"),
                    s("32.0.1700.102"),
                    s("Ubuntu"),
                    None,
                    s("desktop"),
                ),
            ),
            (
                "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0; chromeframe/19.0.1084.52)",
                (s("IE"), s("9.0"), s("Windows"), s("7"), s("desktop")),
            ),
            (
                "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)",
                (s("IE"), s("6.0"), s("Windows"), s("XP"), s("desktop")),
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 7_0_4 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Version/7.0 Mobile/11B554a Safari/9537.53",
                (s("Safari"), s("7.0"), s("iOS"), s("7.0.4"), s("tablet")),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 7_0_4 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Version/7.0 Mobile/11B554a Safari/9537.53",
                (s("Safari"), s("7.0"), s("iOS"), s("7.0.4"), s("mobile")),
            ),
            (
                "Mozilla/5.0 (Linux; Android 4.4.2; Nexus 5 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.99 Mobile Safari/537.36",
                (
                    s("Chrome"),
                    s("32.0.1700.99"),
                    s("Android"),
                    s("4.4.2"),
                    s("mobile"),
                ),
            ),
            (
                "Mozilla/5.0 (Linux; U; Android 4.2.2; fa-ir; SM-T311 Build/JDQ39) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30",
                (
                    s("Android Browser"),
                    s("4.0"),
                    s("Android"),
                    s("4.2.2"),
                    s("tablet"),
                ),
            ),
            (
                "Mozilla/5.0 (Android; Tablet; rv:27.0) Gecko/27.0 Firefox/27.0",
                (s("Firefox"), s("27.0"), s("Android"), None, s("tablet")),
            ),
            (
                "Opera/9.80 (X11; Linux x86_64) Presto/2.12.388 Version/12.16",
                (s("Opera"), s("12.16"), s("Linux"), None, s("desktop")),
            ),
            (
                "Opera/9.64(Windows NT 5.1; U; en) Presto/2.1.1",
                (s("Opera"), s("9.64"), s("Windows"), s("XP"), s("desktop")),
            ),
            (
                "Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36 OPR/19.0.1326.63",
                (
                    s("Opera"),
                    s("19.0.1326.63"),
                    s("Windows"),
                    s("8.1"),
                    s("desktop"),
                ),
            ),
            (
                "Opera/9.80 (iPhone; Opera Mini/7.0.3/34.1244; U; de) Presto/2.8.119 Version/11.10",
                (s("Opera Mini"), s("7.0.3"), s("iOS"), None, s("mobile")),
            ),
            // CloudFront writes agents URL-encoded.
            (
                "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36",
                (
                    s("Chrome"),
                    s("78.0.3904.108"),
                    s("Windows"),
                    s("10"),
                    s("desktop"),
                ),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
                (
                    s("Edge"),
                    s("120.0.2210.91"),
                    s("Windows"),
                    s("10"),
                    s("desktop"),
                ),
            ),
        ] {
            check(ua, expected);
        }
    }

    #[test]
    fn crawlers() {
        let s = Some;
        for (ua, expected) in [
            (
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                (s("Googlebot"), s("2.1"), None, None, s("bot")),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                (s("Googlebot"), s("2.1"), s("iOS"), s("6.0"), s("bot")),
            ),
            (
                "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                (s("bingbot"), s("2.0"), None, None, s("bot")),
            ),
            (
                "msnbot/2.0b (+http://search.msn.com/msnbot.htm)",
                (s("msnbot"), s("2.0b"), None, None, s("bot")),
            ),
            (
                "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
                (s("Yahoo! Slurp"), None, None, None, s("bot")),
            ),
            (
                "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
                (s("Sogou web spider"), s("4.0"), None, None, s("bot")),
            ),
            (
                "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)",
                (s("archive.org_bot"), None, None, None, s("bot")),
            ),
            (
                "Mozilla/5.0 (compatible; YandexImages/3.0; +http://yandex.com/bots)",
                (s("YandexImages"), s("3.0"), None, None, s("bot")),
            ),
            (
                "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)",
                (s("Ezooms"), s("1.0"), None, None, s("bot")),
            ),
            (
                "Mozilla/5.0%20(X11;%20Linux%20x86_64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20HeadlessChrome/100.0.4896.88%20Safari/537.36",
                (
                    s("HeadlessChrome"),
                    s("100.0.4896.88"),
                    s("Linux"),
                    None,
                    s("bot"),
                ),
            ),
            (
                "Tiny Tiny RSS/1.11 (http://tt-rss.org/)",
                (s("Tiny Tiny RSS"), s("1.11"), None, None, s("bot")),
            ),
            (
                "Mozilla/5.0 (Windows; U; Windows NT 5.1; zh-CN; )  Firefox/1.5.0.11; 360Spider",
                (s("360Spider"), None, s("Windows"), s("XP"), s("bot")),
            ),
        ] {
            check(ua, expected);
        }
    }

    #[test]
    fn aws_clients_and_tools() {
        let s = Some;
        for (ua, expected) in [
            (
                "APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/3.76.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.157 (go1.19.3; linux; amd64) HashiCorp-terraform-exec/0.17.3",
                (s("Terraform"), s("1.1.2"), s("Linux"), None, s("other")),
            ),
            (
                "[Boto3/1.26.165 Python/3.10.6 Linux/5.19.0-46-generic Botocore/1.29.165]",
                (
                    s("Boto3"),
                    s("1.26.165"),
                    s("Linux"),
                    s("5.19.0-46-generic"),
                    s("other"),
                ),
            ),
            (
                "[aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.59]",
                (
                    s("aws-cli"),
                    s("1.18.136"),
                    s("Darwin"),
                    s("19.5.0"),
                    s("other"),
                ),
            ),
            (
                "aws-cli/2.13.0 Python/3.11.4 Linux/5.15.0-1040-aws exe/x86_64.ubuntu.22 prompt/off command/s3.ls",
                (
                    s("aws-cli"),
                    s("2.13.0"),
                    s("Linux"),
                    s("5.15.0-1040-aws"),
                    s("other"),
                ),
            ),
            (
                "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-153.731.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]",
                (
                    s("S3Console"),
                    s("0.4"),
                    s("Linux"),
                    s("5.10.184-153.731.amzn2int.x86_64"),
                    s("other"),
                ),
            ),
            (
                "RDS Console, aws-internal/3 aws-sdk-java/1.11.975 Linux/5.4.247-168.349.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.242-b08 java/1.8.0_242 vendor/Oracle_Corporation cfg/retry-mode/legacy",
                (
                    s("RDS Console"),
                    None,
                    s("Linux"),
                    s("5.4.247-168.349.amzn2int.x86_64"),
                    s("other"),
                ),
            ),
            (
                "aws-sdk-go-v2/1.17.0 os/linux lang/go/1.18.10 md/GOOS/linux md/GOARCH/amd64 api/sts/1.16.19",
                (
                    s("aws-sdk-go-v2"),
                    s("1.17.0"),
                    s("Linux"),
                    None,
                    s("other"),
                ),
            ),
            (
                "aws-sdk-go/1.41.4 (go1.18.3; linux; amd64) amazon-ssm-agent/",
                (s("aws-sdk-go"), s("1.41.4"), s("Linux"), None, s("other")),
            ),
            (
                "AWS Internal",
                (s("AWS Internal"), None, None, None, s("other")),
            ),
            (
                "secretsmanager.amazonaws.com",
                (
                    s("secretsmanager.amazonaws.com"),
                    None,
                    None,
                    None,
                    s("other"),
                ),
            ),
            (
                "curl/7.46.0",
                (s("curl"), s("7.46.0"), None, None, s("other")),
            ),
            (
                "Wget/1.14 (linux-gnu)",
                (s("Wget"), s("1.14"), s("Linux"), None, s("other")),
            ),
            (
                "python-requests/2.31.0",
                (s("python-requests"), s("2.31.0"), None, None, s("other")),
            ),
            (
                "Go-http-client/1.1",
                (s("Go-http-client"), s("1.1"), None, None, s("other")),
            ),
            (
                "Apache-HttpClient/4.5.6 (Java/1.8.0_191)",
                (s("Apache-HttpClient"), s("4.5.6"), None, None, s("other")),
            ),
            (
                "stratus-red-team_39f95f43-cd2f-4beb-b69e-be60b6fe1f57",
                (None, None, None, None, s("other")),
            ),
            ("Hello, world", (None, None, None, None, s("other"))),
            ("-", (None, None, None, None, None)),
            ("", (None, None, None, None, None)),
        ] {
            check(ua, expected);
        }
    }

    #[test]
    fn struct_per_row_null_for_null() -> Result<()> {
        let out = invoke(
            &ParseUserAgentFunc::new(),
            vec![strs(&[Some("curl/7.58.0"), None, Some("curl/7.58.0")])],
            3,
        )?;
        let s = out.as_struct();
        assert!(s.is_valid(0) && s.is_null(1) && s.is_valid(2));
        let browser = s
            .column_by_name("browser")
            .map(|c| c.as_string::<i32>().value(2));
        assert_eq!(browser, Some("curl"));
        Ok(())
    }
}
