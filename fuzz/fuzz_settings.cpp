// SPDX-License-Identifier: BSL-1.0
// fuzz_settings — resolve_client_settings() and plan_credentials() over
// arbitrary environments and shared files (settings.hpp, credential_chain.hpp).
// Input: environment 0x1E config file text 0x1E credentials file text
// The environment is NAME=VALUE lines; a line without '=' is ignored.
//
// Checked: errors are validation or credentials errors; a resolved
// max_attempts is at least 1; a resolved endpoint URL is http(s); FIPS and
// dual-stack are off in the client config when an endpoint URL is set;
// resolve_endpoint() on the result does not throw; a plan's roles all have
// a role ARN and a static-credentials plan has a key id and a secret;
// printing the plan does not depend on its secret (differential check);
// the plan's STS options give an STS request or a `credentials` error, to
// an sts host unless an STS endpoint URL is configured, and to the global
// sts.amazonaws.com signed for us-east-1 exactly when sts_regional_endpoints
// = legacy applies (a listed region, no FIPS, no dual-stack).
#include <chime_voice/credential_chain.hpp>
#include <chime_voice/endpoint.hpp>

#include "fuzz_harness.hpp"

#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    using chime_voice_fuzz::check;
    chime_voice_fuzz::input in(data, size);
    std::map<std::string, std::string, std::less<>> vars;
    std::string_view env_text = in.field();
    while (!env_text.empty()) {
        const auto nl = env_text.find('\n');
        const std::string_view line = env_text.substr(0, nl);
        env_text.remove_prefix(nl == std::string_view::npos ? env_text.size() : nl + 1);
        const auto eq = line.find('=');
        if (eq != std::string_view::npos) vars[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    const std::string_view config = in.field();
    const std::string_view creds = in.rest();
    const env_lookup env = [&](std::string_view n) -> std::optional<std::string> {
        auto it = vars.find(n);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };

    auto s = resolve_client_settings(env, config, creds);
    if (!s) {
        check(s.error().category == error_category::validation || s.error().category == error_category::credentials,
              "a settings error is a validation or credentials error");
        return 0;
    }
    check(s->max_attempts.value >= 1, "max_attempts is at least 1");
    const client_config cc = s->to_client_config();
    if (s->endpoint_url.value) {
        check(detail::is_endpoint_url(*s->endpoint_url.value), "a resolved endpoint URL is http(s)");
        check(!cc.use_fips && !cc.use_dual_stack, "an endpoint URL turns the variants off");
    }
    (void)resolve_endpoint(cc);
    std::ostringstream os;
    os << *s;

    auto p = plan_credentials(*s, env);
    if (!p) {
        check(p.error().category == error_category::credentials || p.error().category == error_category::validation,
              "a chain error is a credentials or validation error");
        return 0;
    }
    for (const auto& r : p->roles) check(!r.role_arn.empty(), "every role has an ARN");
    {
        web_identity_params w{"arn:aws:iam::1:role/r", "fuzz", secret_string("token"), std::nullopt};
        auto req = build_assume_role_with_web_identity_request(w, p->sts_options(std::chrono::sys_seconds{}));
        if (!req) {
            check(req.error().category == error_category::credentials, "an STS request error is a credentials error");
        } else {
            check(p->sts_endpoint_url.has_value() || req->host.starts_with("sts"), "STS goes to an sts host");
            // Without a region: the global endpoint unless FIPS (sts.hpp).
            const bool global =
                !p->sts_endpoint_url && !p->sts_use_fips &&
                (p->sts_region.empty() ||
                 (!p->sts_use_dual_stack && ((p->sts_use_global_endpoint &&
                                              detail::is_legacy_global_sts_region(p->sts_region)) ||
                                             p->sts_region == "aws-global")));
            if (!p->sts_endpoint_url)
                check(global == (req->host == "sts.amazonaws.com"), "the global STS endpoint exactly when it applies");
            if (global) check(req->signing.region == "us-east-1", "the global STS endpoint is signed for us-east-1");
        }
    }
    if (p->static_credentials) {
        check(!p->static_credentials->access_key_id.empty() && !p->static_credentials->secret_access_key.empty(),
              "static credentials have an id and a secret");
        // Differential: the same plan with another secret of the same length
        // prints the same text (a substring test would be fooled by a
        // secret that happens to spell printed text).
        auto print = [](const credential_plan& plan) {
            std::ostringstream po;
            po << plan << '|' << *plan.static_credentials;
            return po.str();
        };
        credential_plan other = *p;
        other.static_credentials->secret_access_key =
            secret_string(std::string(p->static_credentials->secret_access_key.size(), '\x01'));
        check(print(*p) == print(other), "printing never depends on the secret");
    }
    return 0;
}
