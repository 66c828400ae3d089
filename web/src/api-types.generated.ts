/**
 * The review API's types, generated from its OpenAPI document by `npm run gen:api-types`
 * (scripts/generate-api-types.ts). Do not edit: change the route's schemas in src/api and run it.
 */

export interface paths {
    "/api/agents/{agentId}/scorecard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An agent's scorecard: calls, flagged share, confirmed violations by category, weekly trend (12 weeks by default), calls to listen to, cases
         * @description Roles: supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    bank?: string;
                    from?: string;
                    language?: string;
                    to?: string;
                };
                header?: never;
                path: {
                    agentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agent: {
                                agentId: string;
                                agentName: string | null;
                                banks: string[];
                                languages: string[];
                                teams: string[];
                            };
                            cases: {
                                bank: string;
                                borrowerId: string;
                                calls: number;
                                /** Format: date-time */
                                closedAt: string | null;
                                complaints: number;
                                /** Format: date-time */
                                firstResponseAt: string | null;
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                openedReason: string;
                                /** Format: date-time */
                                slaDueAt: string;
                                status: string;
                            }[];
                            categories: {
                                category: string;
                                confirmed: number;
                                hits: number;
                                missed: number;
                            }[];
                            from: string;
                            to: string;
                            toListen: {
                                agentId: string;
                                agentName: string | null;
                                bank: string;
                                borrowerId: string;
                                callId: string;
                                caseId: number | null;
                                categories: string[];
                                findings: number;
                                /** @enum {string} */
                                maxSeverity: "low" | "medium" | "high" | "critical";
                                risk: number;
                                sampled: boolean;
                                /** Format: date-time */
                                slaDueAt: string | null;
                                startedAt: string;
                                team: string | null;
                                unreviewed: number;
                            }[];
                            totals: {
                                calls: number;
                                confirmedFindings: number;
                                flaggedCalls: number;
                                violationCalls: number;
                            };
                            weeks: {
                                calls: number;
                                confirmedFindings: number;
                                flaggedCalls: number;
                                violationCalls: number;
                                week: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assignees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Supervisors a case can be assigned to (with caseId: only those who can see its bank)
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: {
                    caseId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first, within the reader's banks, personal numbers masked (read-only: there is no route that edits it)
         * @description Roles: admin, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    actor?: string;
                    beforeId?: number;
                    entityId?: string;
                    entityType?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in; sets the session cookie and returns the CSRF token
         * @description Public
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                            user: {
                                banks: string[] | null;
                                displayName: string;
                                id: number;
                                /** @enum {string} */
                                role: "qa_reviewer" | "supervisor" | "compliance_officer" | "admin";
                                seesUnmaskedPii: boolean;
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out: ends this session
         * @description Roles: qa_reviewer, supervisor, compliance_officer, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user and the CSRF token to send with state-changing requests
         * @description Roles: qa_reviewer, supervisor, compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                            user: {
                                banks: string[] | null;
                                displayName: string;
                                id: number;
                                /** @enum {string} */
                                role: "qa_reviewer" | "supervisor" | "compliance_officer" | "admin";
                                seesUnmaskedPii: boolean;
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backtest/base": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The pack a draft starts from: the language's published pack, else the rules directory's
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query: {
                    language: "zh-CN" | "en-US";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            files: {
                                content: string;
                                path: string;
                            }[];
                            /** @enum {string} */
                            language: "zh-CN" | "en-US";
                            packHash: string;
                            /** @enum {string} */
                            source: "published" | "directory";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backtest/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a draft (changed files on top of the base pack) as `rules lint` and `rules test` do: each problem with file:line:col
         * @description Roles: compliance_officer, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        files: {
                            content: string;
                            path: string;
                        }[];
                        /** @enum {string} */
                        language: "zh-CN" | "en-US";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            problems: {
                                col: number;
                                file: string;
                                line: number;
                                message: string;
                            }[];
                            rules: number;
                            /** @enum {string|null} */
                            stage: "lint" | "examples" | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backtest/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Backtest runs, newest first
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runs: {
                                changedFiles: string[];
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                draftHash: string;
                                error: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                id: number;
                                language: string;
                                progressDone: number;
                                progressTotal: number | null;
                                scope: {
                                    bank: string | null;
                                    since: string | null;
                                    until: string | null;
                                };
                                /** Format: date-time */
                                startedAt: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a backtest of a draft on the stored calls (in the background); refused with the problems when the draft does not check
         * @description Roles: compliance_officer, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bank?: string;
                        files: {
                            content: string;
                            path: string;
                        }[];
                        /** @enum {string} */
                        language: "zh-CN" | "en-US";
                        since?: string;
                        until?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            report: {
                                calls: number;
                                languages: {
                                    calls: number;
                                    language: string;
                                    published: {
                                        /** @enum {string} */
                                        kind: "pack";
                                        packHash: string;
                                        publishedAt: string;
                                        publishedBy: string;
                                    } | {
                                        /** @enum {string} */
                                        kind: "stored-findings";
                                    };
                                }[];
                                rules: {
                                    added: number;
                                    addedSamples: {
                                        callId: string;
                                        callStartedAt: string;
                                        endMs: number;
                                        quote: string;
                                        speaker: string;
                                        startMs: number;
                                        /** @enum {string|null} */
                                        verdict: "confirmed" | "dismissed" | null;
                                    }[];
                                    draft: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    inDraft: boolean;
                                    inPublished: boolean;
                                    language: string;
                                    published: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    removed: number;
                                    removedSamples: {
                                        callId: string;
                                        callStartedAt: string;
                                        endMs: number;
                                        quote: string;
                                        speaker: string;
                                        startMs: number;
                                        /** @enum {string|null} */
                                        verdict: "confirmed" | "dismissed" | null;
                                    }[];
                                    ruleId: string;
                                    title: string;
                                }[];
                                sampledCleanCalls: number;
                                total: {
                                    added: number;
                                    draft: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    published: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    removed: number;
                                };
                            } | null;
                            run: {
                                changedFiles: string[];
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                draftHash: string;
                                error: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                id: number;
                                language: string;
                                progressDone: number;
                                progressTotal: number | null;
                                scope: {
                                    bank: string | null;
                                    since: string | null;
                                    until: string | null;
                                };
                                /** Format: date-time */
                                startedAt: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backtest/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A backtest run: its status and progress, and once done its report (per-rule diff, samples, estimates)
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            report: {
                                calls: number;
                                languages: {
                                    calls: number;
                                    language: string;
                                    published: {
                                        /** @enum {string} */
                                        kind: "pack";
                                        packHash: string;
                                        publishedAt: string;
                                        publishedBy: string;
                                    } | {
                                        /** @enum {string} */
                                        kind: "stored-findings";
                                    };
                                }[];
                                rules: {
                                    added: number;
                                    addedSamples: {
                                        callId: string;
                                        callStartedAt: string;
                                        endMs: number;
                                        quote: string;
                                        speaker: string;
                                        startMs: number;
                                        /** @enum {string|null} */
                                        verdict: "confirmed" | "dismissed" | null;
                                    }[];
                                    draft: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    inDraft: boolean;
                                    inPublished: boolean;
                                    language: string;
                                    published: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    removed: number;
                                    removedSamples: {
                                        callId: string;
                                        callStartedAt: string;
                                        endMs: number;
                                        quote: string;
                                        speaker: string;
                                        startMs: number;
                                        /** @enum {string|null} */
                                        verdict: "confirmed" | "dismissed" | null;
                                    }[];
                                    ruleId: string;
                                    title: string;
                                }[];
                                sampledCleanCalls: number;
                                total: {
                                    added: number;
                                    draft: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    published: {
                                        evidence: {
                                            cleanSampleFlags: number;
                                            confirmedDropped: number;
                                            confirmedKept: number;
                                            dismissedDropped: number;
                                            dismissedKept: number;
                                            missedCaught: number;
                                            missedStill: number;
                                        };
                                        findings: number;
                                        precision: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                        recall: {
                                            high: number | null;
                                            low: number | null;
                                            n: number;
                                            successes: number;
                                            value: number | null;
                                        };
                                    };
                                    removed: number;
                                };
                            } | null;
                            run: {
                                changedFiles: string[];
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                draftHash: string;
                                error: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                id: number;
                                language: string;
                                progressDone: number;
                                progressTotal: number | null;
                                scope: {
                                    bank: string | null;
                                    since: string | null;
                                    until: string | null;
                                };
                                /** Format: date-time */
                                startedAt: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/banks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The banks a complaint can name: the rule packs' bank_names and the settings list, each with its other names
         * @description Roles: supervisor, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            banks: {
                                aliases: string[];
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        /**
         * Add a bank (or change its other names) on the settings list
         * @description Roles: admin
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        aliases: string[];
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a recording with its metadata (multipart: field "meta" as JSON, file "audio", optional file "transcript" delivered with it)
         * @description Roles: admin, supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A call: metadata, transcript in speaker lanes, findings with verdicts, its cases
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            call: {
                                agentId: string;
                                agentName: string | null;
                                bank: string;
                                borrowerId: string;
                                /** @enum {string} */
                                direction: "outbound" | "inbound";
                                durationMs: number | null;
                                firstContact: boolean;
                                hasAudio: boolean;
                                id: string;
                                language: string;
                                phone: string | null;
                                startedAt: string;
                                status: string;
                                statusReason: string | null;
                                team: string | null;
                            };
                            cases: {
                                id: number;
                                /** Format: date-time */
                                slaDueAt: string;
                                /** @enum {string} */
                                status: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                            }[];
                            findings: {
                                callId: string;
                                category: string;
                                createdBy: string | null;
                                endMs: number;
                                id: number;
                                matched: string[];
                                /** @enum {string} */
                                origin: "rule" | "manual";
                                quote: string;
                                ruleId: string;
                                ruleVersion: string;
                                segmentIndex: number | null;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                source: string;
                                /** @enum {string} */
                                speaker: "agent" | "customer" | "unknown" | "call";
                                startMs: number;
                                title: string;
                                /** @enum {string|null} */
                                verdict: "confirmed" | "dismissed" | "noted" | "acted_on" | null;
                                /** Format: date-time */
                                verdictAt: string | null;
                                verdictBy: string | null;
                                verdictNote: string | null;
                                verdictReason: string | null;
                            }[];
                            masked: boolean;
                            transcript: {
                                engine: string;
                                model: string | null;
                                /** @description How far the segments can be trusted; below the policy threshold the call gets a transcript_quality finding */
                                quality: {
                                    /** @description The engine whose output was judged */
                                    engine: string;
                                    /** @description 1 = nothing suggests the text is wrong; the product of the signals' factors */
                                    score: number;
                                    /** @description The signals that lowered the score, worst first */
                                    signals: {
                                        /** @description The measurement in words, for the reviewer */
                                        detail: string;
                                        /** @description What this signal multiplied the score by */
                                        factor: number;
                                        /** @enum {string} */
                                        signal: "low_confidence" | "speech_rate" | "odd_tokens" | "silent_side" | "language_mismatch" | "narrowband_audio";
                                        /**
                                         * @description The side it was measured on, when it concerns one side
                                         * @enum {string}
                                         */
                                        speaker?: "agent" | "customer" | "unknown";
                                        /** @description What was measured (a confidence, tokens per second, a share), as the detail explains */
                                        value: number;
                                    }[];
                                } | null;
                                segments: {
                                    endMs: number;
                                    index: number;
                                    /** @enum {string} */
                                    speaker: "agent" | "customer" | "unknown";
                                    startMs: number;
                                    text: string;
                                }[];
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/{id}/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The recording, with HTTP range requests (206) so the player can seek; formats browsers cannot play (AMR, GSM…) as WAV
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/{id}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Escalate a call: open the borrower's risk case, or add the call to the open one
         * @description Roles: qa_reviewer, supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: number;
                            opened: boolean;
                            status: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/{id}/manual-findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a finding the rules missed: a span of transcript text or a time range of audio, a rule or "no rule: missed"
         * @description Roles: qa_reviewer, supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        category?: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                        endMs: number;
                        note?: string;
                        ruleId?: string;
                        segmentIndex?: number;
                        /** @enum {string} */
                        severity?: "low" | "medium" | "high" | "critical";
                        /** @enum {string} */
                        speaker?: "agent" | "customer" | "unknown";
                        startMs: number;
                        textEnd?: number;
                        textStart?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            finding: {
                                callId: string;
                                category: string;
                                createdBy: string | null;
                                endMs: number;
                                id: number;
                                matched: string[];
                                /** @enum {string} */
                                origin: "rule" | "manual";
                                quote: string;
                                ruleId: string;
                                ruleVersion: string;
                                segmentIndex: number | null;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                source: string;
                                /** @enum {string} */
                                speaker: "agent" | "customer" | "unknown" | "call";
                                startMs: number;
                                title: string;
                                /** @enum {string|null} */
                                verdict: "confirmed" | "dismissed" | "noted" | "acted_on" | null;
                                /** Format: date-time */
                                verdictAt: string | null;
                                verdictBy: string | null;
                                verdictNote: string | null;
                                verdictReason: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/{id}/peaks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Waveform peaks per channel, computed from the decoded recording
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    buckets?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a failed call back into the pipeline at the stage that failed (as `callguard retry`)
         * @description Roles: supervisor, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            callId: string;
                            stage: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calls/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Failed calls in your banks, the latest failure first: the stage that failed and the reason
         * @description Roles: supervisor, admin
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                agentId: string;
                                agentName: string | null;
                                bank: string;
                                callId: string;
                                /** Format: date-time */
                                failedAt: string | null;
                                failedStage: string | null;
                                reason: string | null;
                                startedAt: string;
                                team: string | null;
                            }[];
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cases with their deadlines: open ones by the nearest running deadline, complaint and risk cases told apart (kind)
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: {
                    assignedTo?: string;
                    bank?: string;
                    borrowerId?: string;
                    kind?: "risk" | "complaint";
                    limit?: number;
                    open?: "true" | "false";
                    status?: ("open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up") | ("open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up")[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                assignedTo: string | null;
                                bank: string;
                                borrowerId: string;
                                calls?: number;
                                /** Format: date-time */
                                closedAt: string | null;
                                complaints?: number;
                                deadlines: {
                                    /** Format: date-time */
                                    dueAt: string | null;
                                    /** Format: date-time */
                                    metAt: string | null;
                                    /** @enum {string} */
                                    name: "first_response" | "report_to_bank" | "solution" | "written_report" | "follow_up" | "risk_review" | "regulator";
                                    /** @enum {string} */
                                    owner: "agency" | "bank";
                                    remainingMs: number | null;
                                    /** Format: date-time */
                                    startedAt: string | null;
                                    /** @enum {string} */
                                    state: "pending" | "running" | "warning" | "critical" | "breached" | "met" | "met_late" | "not_applicable";
                                    threshold: number | null;
                                    used: number | null;
                                }[];
                                id: number;
                                /** @enum {string} */
                                kind: "risk" | "complaint";
                                nearestDeadline: {
                                    /** Format: date-time */
                                    dueAt: string | null;
                                    /** Format: date-time */
                                    metAt: string | null;
                                    /** @enum {string} */
                                    name: "first_response" | "report_to_bank" | "solution" | "written_report" | "follow_up" | "risk_review" | "regulator";
                                    /** @enum {string} */
                                    owner: "agency" | "bank";
                                    remainingMs: number | null;
                                    /** Format: date-time */
                                    startedAt: string | null;
                                    /** @enum {string} */
                                    state: "pending" | "running" | "warning" | "critical" | "breached" | "met" | "met_late" | "not_applicable";
                                    threshold: number | null;
                                    used: number | null;
                                } | null;
                                /** Format: date-time */
                                openedAt: string;
                                /** @enum {string} */
                                openedReason: "risk_threshold" | "critical_finding" | "complaint" | "manual";
                                /** @enum {string|null} */
                                outcome: "founded" | "unfounded" | "partly_founded" | null;
                                /** Format: date-time */
                                receivedAt: string | null;
                                riskScore: number;
                                /** @enum {string} */
                                status: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                            }[];
                            /** Format: date-time */
                            now: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A case: its calls (chosen or not) with findings, timeline, contact records, complaints, deadlines, the next steps and what each requires
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            calls: {
                                call: {
                                    agentId: string;
                                    agentName: string | null;
                                    bank: string;
                                    borrowerId: string;
                                    /** @enum {string} */
                                    direction: "outbound" | "inbound";
                                    durationMs: number | null;
                                    firstContact: boolean;
                                    hasAudio: boolean;
                                    id: string;
                                    language: string;
                                    phone: string | null;
                                    startedAt: string;
                                    status: string;
                                    statusReason: string | null;
                                    team: string | null;
                                };
                                chosen: boolean;
                                findings: {
                                    callId: string;
                                    category: string;
                                    createdBy: string | null;
                                    endMs: number;
                                    id: number;
                                    matched: string[];
                                    /** @enum {string} */
                                    origin: "rule" | "manual";
                                    quote: string;
                                    ruleId: string;
                                    ruleVersion: string;
                                    segmentIndex: number | null;
                                    /** @enum {string} */
                                    severity: "low" | "medium" | "high" | "critical";
                                    source: string;
                                    /** @enum {string} */
                                    speaker: "agent" | "customer" | "unknown" | "call";
                                    startMs: number;
                                    title: string;
                                    /** @enum {string|null} */
                                    verdict: "confirmed" | "dismissed" | "noted" | "acted_on" | null;
                                    /** Format: date-time */
                                    verdictAt: string | null;
                                    verdictBy: string | null;
                                    verdictNote: string | null;
                                    verdictReason: string | null;
                                }[];
                            }[];
                            case: {
                                /** Format: date-time */
                                acceptedAt: string | null;
                                allowedTransitions: ("open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up")[];
                                assignedTo: string | null;
                                bank: string;
                                /** Format: date-time */
                                bankNotifiedAt: string | null;
                                borrowerId: string;
                                calls?: number;
                                causeAnalysis: string | null;
                                /** Format: date-time */
                                closedAt: string | null;
                                complainantContact: string | null;
                                complainantName: string | null;
                                /** @enum {string|null} */
                                complainantRelation: "borrower" | "relative" | "representative" | "other" | null;
                                complainantRequest: string | null;
                                /** @enum {string|null} */
                                complaintChannel: "phone" | "letter" | "bank" | "regulator" | "other" | null;
                                complaints?: number;
                                /** @enum {string|null} */
                                conflictOfInterest: "collector" | "team_lead" | null;
                                deadlines: {
                                    /** Format: date-time */
                                    dueAt: string | null;
                                    /** Format: date-time */
                                    metAt: string | null;
                                    /** @enum {string} */
                                    name: "first_response" | "report_to_bank" | "solution" | "written_report" | "follow_up" | "risk_review" | "regulator";
                                    /** @enum {string} */
                                    owner: "agency" | "bank";
                                    remainingMs: number | null;
                                    /** Format: date-time */
                                    startedAt: string | null;
                                    /** @enum {string} */
                                    state: "pending" | "running" | "warning" | "critical" | "breached" | "met" | "met_late" | "not_applicable";
                                    threshold: number | null;
                                    used: number | null;
                                }[];
                                /** Format: date-time */
                                firstResponseAt: string | null;
                                /** Format: date-time */
                                followedUpAt: string | null;
                                followUpCallId: string | null;
                                followUpNote: string | null;
                                id: number;
                                /** @enum {string} */
                                kind: "risk" | "complaint";
                                nearestDeadline: {
                                    /** Format: date-time */
                                    dueAt: string | null;
                                    /** Format: date-time */
                                    metAt: string | null;
                                    /** @enum {string} */
                                    name: "first_response" | "report_to_bank" | "solution" | "written_report" | "follow_up" | "risk_review" | "regulator";
                                    /** @enum {string} */
                                    owner: "agency" | "bank";
                                    remainingMs: number | null;
                                    /** Format: date-time */
                                    startedAt: string | null;
                                    /** @enum {string} */
                                    state: "pending" | "running" | "warning" | "critical" | "breached" | "met" | "met_late" | "not_applicable";
                                    threshold: number | null;
                                    used: number | null;
                                } | null;
                                nextSteps: {
                                    action: string;
                                    allowed: boolean;
                                    required: string[];
                                    /** @enum {string} */
                                    to: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                                }[];
                                /** Format: date-time */
                                openedAt: string;
                                /** @enum {string} */
                                openedReason: "risk_threshold" | "critical_finding" | "complaint" | "manual";
                                /** @enum {string|null} */
                                outcome: "founded" | "unfounded" | "partly_founded" | null;
                                /** Format: date-time */
                                promisedResponseAt: string | null;
                                /** Format: date-time */
                                receivedAt: string | null;
                                regulatorExtensionDays: number;
                                regulatorExtensionReason: string | null;
                                /** Format: date-time */
                                reportedToBankAt: string | null;
                                reportedToBankBy: string | null;
                                resolution: string | null;
                                /** Format: date-time */
                                resolvedAt: string | null;
                                riskScore: number;
                                /** Format: date-time */
                                solutionDueAt: string | null;
                                solutionText: string | null;
                                /** @enum {string} */
                                status: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                            };
                            complaints: {
                                borrowerRequest: string | null;
                                channel: string;
                                content: string;
                                createdBy: string;
                                id: number;
                                phoneMasked: string | null;
                                /** Format: date-time */
                                receivedAt: string;
                            }[];
                            contacts: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                callId: string | null;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "letter" | "visit" | "email" | "other";
                                id: number;
                                /** @enum {string} */
                                party: "borrower" | "bank" | "other";
                                summary: string;
                            }[];
                            draft: {
                                causeAnalysis: string;
                                disputeHandling: string;
                                lessonsLearned: string;
                            };
                            events: {
                                actor: string;
                                /** Format: date-time */
                                at: string;
                                body: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                fromStatus: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up" | null;
                                id: number;
                                kind: string;
                                /** @enum {string|null} */
                                toStatus: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up" | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/assignee": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Assign the case to a supervisor (null to unassign)
         * @description Roles: supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assignee: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/chosen-calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Choose which of the case's calls the investigation rests on
         * @description Roles: supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        callIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            callIds: string[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a contact about the case (an explanation to the borrower, an update to the bank); the first with the borrower is the first response
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        at: string;
                        by: string;
                        callId?: string | null;
                        /** @enum {string} */
                        channel: "phone" | "sms" | "letter" | "visit" | "email" | "other";
                        /** @enum {string} */
                        party: "borrower" | "bank" | "other";
                        summary: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                callId: string | null;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "letter" | "visit" | "email" | "other";
                                id: number;
                                /** @enum {string} */
                                party: "borrower" | "bank" | "other";
                                summary: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal-holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The case's legal holds, active first: while one is active no retention purge touches the case or its calls
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseClosed: boolean;
                            held: boolean;
                            items: {
                                caseId: number;
                                id: number;
                                /** @enum {string} */
                                origin: "complaint" | "supervisor";
                                /** Format: date-time */
                                placedAt: string;
                                placedBy: string;
                                reason: string;
                                /** Format: date-time */
                                releasedAt: string | null;
                                releasedBy: string | null;
                                releaseReason: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Place a legal hold on the case (why: litigation, a regulator's inquiry…); audited
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hold: {
                                caseId: number;
                                id: number;
                                /** @enum {string} */
                                origin: "complaint" | "supervisor";
                                /** Format: date-time */
                                placedAt: string;
                                placedBy: string;
                                reason: string;
                                /** Format: date-time */
                                releasedAt: string | null;
                                releasedBy: string | null;
                                releaseReason: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal-holds/{holdId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a legal hold, with the reason; a complaint hold only once the case is closed; audited
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    holdId: number;
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hold: {
                                caseId: number;
                                id: number;
                                /** @enum {string} */
                                origin: "complaint" | "supervisor";
                                /** Format: date-time */
                                placedAt: string;
                                placedBy: string;
                                reason: string;
                                /** Format: date-time */
                                releasedAt: string | null;
                                releasedBy: string | null;
                                releaseReason: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a note to the case timeline
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/regulator-extension": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the bank's extension of its regulator deadline (days in all, with the reason)
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        days: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            regulatorExtensionDays: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/report-bundle.zip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the evidence bundle: the report (DOCX, PDF), the cited calls' audio and clips, masked transcripts, and a SHA-256 manifest; the manifest's hash is recorded and returned in X-Manifest-SHA256
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/report-draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Save the written parts of the report to the bank: cause analysis, dispute handling, lessons learned
         * @description Roles: supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        causeAnalysis: string;
                        disputeHandling: string;
                        lessonsLearned: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/report.docx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the report to the bank as a Word document, the same content as the PDF; recorded on the case timeline and in the audit log
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the report to the bank as PDF (personal numbers masked); recorded on the case timeline and in the audit log
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/report/selection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What goes into the report to the bank: the chosen calls and cited findings (or the default), with every call of the case to choose from
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            callIds: string[];
                            calls: {
                                chosenByInvestigation: boolean;
                                findings: {
                                    category: string;
                                    /** @enum {string} */
                                    group: "confirmed" | "unreviewed" | "signal" | "quality";
                                    id: number;
                                    severity: string;
                                    startMs: number;
                                    title: string;
                                    wholeCall: boolean;
                                }[];
                                id: string;
                                /** @enum {string} */
                                recording: "available" | "missing" | "failed" | "processing";
                                startedAt: string;
                            }[];
                            findingIds: number[] | null;
                            generated: {
                                actor: string;
                                /** Format: date-time */
                                at: string;
                                format: string;
                            }[];
                            isDefault: boolean;
                        };
                    };
                };
            };
        };
        /**
         * Choose the calls and the cited findings of the report to the bank (null: back to the default); audited
         * @description Roles: supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        callIds: string[];
                        findingIds: number[] | null;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/transition": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take one step of the case's procedure: the table (src/cases/case-procedure.ts) says which steps lead from its state, which details each requires and which roles may take it
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        callIds?: string[];
                        causeAnalysis?: string;
                        complainantContact?: string | null;
                        complainantName?: string;
                        /** @enum {string} */
                        complainantRelation?: "borrower" | "relative" | "representative" | "other";
                        complainantRequest?: string;
                        /** @enum {string} */
                        complaintChannel?: "phone" | "letter" | "bank" | "regulator" | "other";
                        contact?: {
                            /** Format: date-time */
                            at: string;
                            by: string;
                            callId?: string | null;
                            /** @enum {string} */
                            channel: "phone" | "sms" | "letter" | "visit" | "email" | "other";
                            summary: string;
                        };
                        followUpCallId?: string;
                        followUpNote?: string;
                        note?: string;
                        /** @enum {string} */
                        outcome?: "founded" | "unfounded" | "partly_founded";
                        /** Format: date-time */
                        promisedResponseAt?: string;
                        reason?: string;
                        /** Format: date-time */
                        solutionDueAt?: string;
                        solutionText?: string;
                        /** @enum {string} */
                        to: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            case: {
                                id: number;
                                /** @enum {string} */
                                kind: "risk" | "complaint";
                                /** @enum {string} */
                                status: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/complaints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a complaint for a matched borrower (or, confirmed, for a borrower id no call carries): opens or joins their case, a risk case becoming a complaint case, and pulls in their calls
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bank: string;
                        borrowerId?: string;
                        borrowerRequest?: string;
                        /** @enum {string} */
                        channel: "phone" | "letter" | "bank" | "regulator" | "other";
                        confirmNoMatch?: boolean;
                        content: string;
                        name?: string;
                        phone?: string;
                        /** Format: date-time */
                        receivedAt: string;
                        selected?: {
                            bank: string;
                            borrowerId: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            addedCallIds: string[];
                            caseId: number;
                            complaintId: number;
                            converted: boolean;
                            opened: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/complaints/match": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find the borrower a complaint is about, by phone number, name or borrower id within a bank group, with their calls and open case
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bank: string;
                        borrowerId?: string;
                        name?: string;
                        phone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bank: string;
                            borrowers: {
                                bank: string;
                                borrowerId: string;
                                calls: {
                                    agentId: string;
                                    direction: string;
                                    durationMs: number | null;
                                    findings: number;
                                    id: string;
                                    phone: string | null;
                                    source: string;
                                    /** Format: date-time */
                                    startedAt: string;
                                }[];
                                matchedBy: ("phone" | "name" | "borrower_id")[];
                                names: string[];
                                openCase: {
                                    id: number;
                                    kind: string;
                                    status: string;
                                } | null;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard figures (findings per week, violation rates, top rules, cases and SLA, QA throughput and backlog, engines) for the filters
         * @description Roles: supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    from?: string;
                    language?: string;
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cases: {
                                closed: number;
                                complaintOpened: number;
                                opened: number;
                                slaBreached: number;
                                slaMet: number;
                                week: string;
                            }[];
                            engines: {
                                engine: string;
                                lowQuality: number;
                                meanQuality: number | null;
                                transcripts: number;
                                week: string;
                            }[];
                            findingsPerWeek: {
                                category: string;
                                confirmed: number;
                                dismissed: number;
                                hits: number;
                                missed: number;
                                severity: string;
                                week: string;
                            }[];
                            qa: {
                                backlog: {
                                    unreviewed: number;
                                    week: string;
                                }[];
                                backlogTotal: number;
                                reviewers: {
                                    confirmed: number;
                                    dismissed: number;
                                    reviewer: string;
                                    reviews: number;
                                }[];
                                weeks: {
                                    actedOn: number;
                                    confirmed: number;
                                    dismissed: number;
                                    noted: number;
                                    week: string;
                                }[];
                            };
                            samples: {
                                clean: number;
                                reviewed: number;
                                sampled: number;
                                violation: number;
                                week: string;
                            }[];
                            signals: {
                                actedOn: number;
                                awaiting: number;
                                category: string;
                                noted: number;
                                raised: number;
                                week: string;
                            }[];
                            topRules: {
                                byConfirmed: {
                                    category: string;
                                    confirmed: number;
                                    dismissed: number;
                                    hits: number;
                                    missed: number;
                                    ruleId: string;
                                }[];
                                byHits: {
                                    category: string;
                                    confirmed: number;
                                    dismissed: number;
                                    hits: number;
                                    missed: number;
                                    ruleId: string;
                                }[];
                                byMissed: {
                                    category: string;
                                    confirmed: number;
                                    dismissed: number;
                                    hits: number;
                                    missed: number;
                                    ruleId: string;
                                }[];
                            };
                            violationRates: {
                                agent: {
                                    calls: number;
                                    confirmedFindings: number;
                                    flaggedCalls: number;
                                    key: string;
                                    missedFindings: number;
                                    reviewedFindings: number;
                                    violationCalls: number;
                                }[];
                                bank: {
                                    calls: number;
                                    confirmedFindings: number;
                                    flaggedCalls: number;
                                    key: string;
                                    missedFindings: number;
                                    reviewedFindings: number;
                                    violationCalls: number;
                                }[];
                                team: {
                                    calls: number;
                                    confirmedFindings: number;
                                    flaggedCalls: number;
                                    key: string;
                                    missedFindings: number;
                                    reviewedFindings: number;
                                    violationCalls: number;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calls behind a dashboard number: the filters plus what the number counted
         * @description Roles: supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    caseState?: "opened" | "complaint" | "closed" | "met" | "breached";
                    caseWeek?: string;
                    category?: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                    engine?: string;
                    finding?: "any" | "confirmed" | "dismissed" | "unreviewed" | "noted" | "acted_on" | "missed" | "violation";
                    from?: string;
                    language?: string;
                    limit?: number;
                    lowQuality?: "true" | "false";
                    offset?: number;
                    reviewer?: string;
                    reviewWeek?: string;
                    ruleId?: string;
                    sample?: "sampled" | "reviewed" | "clean" | "violation";
                    sampleWeek?: string;
                    severity?: "low" | "medium" | "high" | "critical";
                    team?: string;
                    to?: string;
                    week?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hasMore: boolean;
                            items: {
                                agentId: string;
                                agentName: string | null;
                                bank: string;
                                callId: string;
                                confirmed: number;
                                findings: number;
                                language: string;
                                startedAt: string;
                                team: string | null;
                                unreviewed: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard/filters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Banks, teams, agents and languages to filter the dashboards by, within your banks
         * @description Roles: supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agents: {
                                id: string;
                                name: string | null;
                            }[];
                            banks: string[];
                            languages: string[];
                            teams: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cases with every deadline of their procedure and where each stands, as CSV or XLSX (audited)
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: {
                    assignedTo?: string;
                    bank?: string;
                    format?: "csv" | "xlsx";
                    status?: "open" | "escalated" | "dismissed" | "closed" | "received" | "accepted" | "investigating" | "explained" | "solution_proposed" | "resolved" | "reported_to_bank" | "followed_up";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's tables for the filters: XLSX with one sheet per table, or one table (`table`) as CSV (audited)
         * @description Roles: supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    format?: "csv" | "xlsx";
                    from?: string;
                    language?: string;
                    table?: "findingsPerWeek" | "agents" | "teams" | "banks" | "rulesByHits" | "rulesByConfirmed" | "rulesByMissed" | "cases" | "qaWeeks" | "reviewers" | "backlog" | "engines" | "signals" | "samples";
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Findings with their verdicts, by the dashboard filters plus category, severity, rule and verdict, as CSV or XLSX (audited)
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    category?: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                    finding?: "any" | "confirmed" | "dismissed" | "unreviewed" | "noted" | "acted_on" | "missed" | "violation";
                    format?: "csv" | "xlsx";
                    from?: string;
                    language?: string;
                    ruleId?: string;
                    severity?: "low" | "medium" | "high" | "critical";
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The review queue with its filters, as CSV or XLSX (audited)
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    category?: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                    format?: "csv" | "xlsx";
                    from?: string;
                    minSeverity?: "low" | "medium" | "high" | "critical";
                    reviewState?: "unreviewed" | "partly_reviewed" | "reviewed" | "all";
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Transcript search results (the lines shown, masked as shown), as CSV or XLSX (audited)
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    exclude?: string;
                    firstContact?: "true" | "false";
                    format?: "csv" | "xlsx";
                    from?: string;
                    language?: string;
                    q?: string;
                    speaker?: "agent" | "customer" | "unknown";
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/findings/{id}/verdict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Confirm or dismiss a finding (dismissals need a reason), or note / act on a borrower signal; stored with the rule version
         * @description Roles: qa_reviewer, supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        /** @enum {string} */
                        reason?: "asr_error" | "wrong_speaker" | "context" | "rule_too_broad" | "duplicate" | "other";
                        /** @enum {string} */
                        verdict: "confirmed" | "dismissed" | "noted" | "acted_on";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            finding: {
                                callId: string;
                                category: string;
                                createdBy: string | null;
                                endMs: number;
                                id: number;
                                matched: string[];
                                /** @enum {string} */
                                origin: "rule" | "manual";
                                quote: string;
                                ruleId: string;
                                ruleVersion: string;
                                segmentIndex: number | null;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                source: string;
                                /** @enum {string} */
                                speaker: "agent" | "customer" | "unknown" | "call";
                                startMs: number;
                                title: string;
                                /** @enum {string|null} */
                                verdict: "confirmed" | "dismissed" | "noted" | "acted_on" | null;
                                /** Format: date-time */
                                verdictAt: string | null;
                                verdictBy: string | null;
                                verdictNote: string | null;
                                verdictReason: string | null;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The notification delivery log: newest first, each delivery with every attempt (status, response code, error)
         * @description Roles: admin
         */
        get: {
            parameters: {
                query?: {
                    caseId?: number;
                    limit?: number;
                    status?: "pending" | "delivered" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: {
                                attempts: number;
                                caseId: number;
                                /** @enum {string} */
                                channel: "email" | "webhook";
                                /** Format: date-time */
                                createdAt: string;
                                eventId: number;
                                /** Format: date-time */
                                finishedAt: string | null;
                                id: number;
                                kind: string;
                                lastError: string | null;
                                lastResponseCode: number | null;
                                log: {
                                    /** Format: date-time */
                                    at: string;
                                    attempt: number;
                                    error: string | null;
                                    responseCode: number | null;
                                    /** @enum {string} */
                                    status: "delivered" | "retry" | "failed";
                                }[];
                                /** Format: date-time */
                                nextAttemptAt: string;
                                recipient: string;
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/agreement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reviewer agreement per category from submitted calibrations (Cohen's kappa over reviewer pairs)
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categories: {
                                /** @enum {string} */
                                category: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                                expected: number;
                                kappa: number | null;
                                observed: number;
                                pairs: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign calls to a reviewer: the listed ones, or in bulk the open queue by bank, team and language
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        callIds?: string[];
                        filter?: {
                            bank?: string;
                            includeAssigned?: boolean;
                            language?: string;
                            /** @default 50 */
                            limit?: number;
                            sampledOnly?: boolean;
                            team?: string;
                        };
                        reviewer: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigned: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/calibrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Calibrations: yours (reviewers), or all in your banks (supervisors)
         * @description Roles: qa_reviewer, supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                callId: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                mine: boolean;
                                /** Format: date-time */
                                mySubmittedAt: string | null;
                                reviewers: number;
                                submitted: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Put a call into calibration: two or more reviewers give their verdicts blind
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        callId: string;
                        reviewers: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/calibrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A calibration: the call's findings without verdicts and your own; supervisors also see each reviewer's
         * @description Roles: qa_reviewer, supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allVerdicts: {
                                findingId: number;
                                reviewer: string;
                                /** @enum {string} */
                                verdict: "confirmed" | "dismissed" | "noted" | "acted_on";
                            }[] | null;
                            callId: string;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            findings: {
                                callId: string;
                                category: string;
                                createdBy: string | null;
                                endMs: number;
                                id: number;
                                matched: string[];
                                /** @enum {string} */
                                origin: "rule" | "manual";
                                quote: string;
                                ruleId: string;
                                ruleVersion: string;
                                segmentIndex: number | null;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                source: string;
                                /** @enum {string} */
                                speaker: "agent" | "customer" | "unknown" | "call";
                                startMs: number;
                                title: string;
                                verdictChoices: ("confirmed" | "dismissed" | "noted" | "acted_on")[];
                            }[];
                            id: number;
                            myVerdicts: {
                                findingId: number;
                                /** @enum {string} */
                                verdict: "confirmed" | "dismissed" | "noted" | "acted_on";
                            }[];
                            reviewers: {
                                reviewer: string;
                                /** Format: date-time */
                                submittedAt: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/calibrations/{id}/verdicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Submit your blind verdicts of a calibration (one per finding of the call)
         * @description Roles: qa_reviewer, supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        verdicts: {
                            findingId: number;
                            /** @enum {string} */
                            verdict: "confirmed" | "dismissed" | "noted" | "acted_on";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            stored: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A call's place on the QA floor: its sample, its assignment and claim, your open calibrations of it
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignment: {
                                /** Format: date-time */
                                assignedAt: string;
                                assignedBy: string;
                                assignedTo: string;
                                callId: string;
                                /** Format: date-time */
                                claimedAt: string | null;
                                claimedBy: string | null;
                                /** Format: date-time */
                                claimExpiresAt: string | null;
                            } | null;
                            openCalibrationIds: number[];
                            sample: {
                                agentId: string;
                                callId: string;
                                /** @enum {string|null} */
                                outcome: "clean" | "violation" | null;
                                /** Format: date-time */
                                reviewedAt: string | null;
                                reviewedBy: string | null;
                                /** Format: date-time */
                                sampledAt: string;
                                /** Format: date */
                                weekStart: string;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/calls/{id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Give back your claim on a call
         * @description Roles: qa_reviewer, supervisor
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/calls/{id}/outcome": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Record that a sampled call was reviewed and nothing was found (a manual finding records a violation)
         * @description Roles: qa_reviewer, supervisor
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "clean";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentId: string;
                            callId: string;
                            /** @enum {string|null} */
                            outcome: "clean" | "violation" | null;
                            /** Format: date-time */
                            reviewedAt: string | null;
                            reviewedBy: string | null;
                            /** Format: date-time */
                            sampledAt: string;
                            /** Format: date */
                            weekStart: string;
                        } | null;
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/my-queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calls assigned to you that still need review, oldest assignment first
         * @description Roles: qa_reviewer, supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                agentId: string;
                                /** Format: date-time */
                                assignedAt: string;
                                bank: string;
                                callId: string;
                                claimedBy: string | null;
                                /** Format: date-time */
                                claimExpiresAt: string | null;
                                language: string;
                                sampled: boolean;
                                /** Format: date-time */
                                startedAt: string;
                                team: string | null;
                                unreviewed: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim your next call (your live claim, else your oldest assignment, else a call whose claim lapsed)
         * @description Roles: qa_reviewer, supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignment: {
                                /** Format: date-time */
                                assignedAt: string;
                                assignedBy: string;
                                assignedTo: string;
                                callId: string;
                                /** Format: date-time */
                                claimedAt: string | null;
                                claimedBy: string | null;
                                /** Format: date-time */
                                claimExpiresAt: string | null;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A week's QA figures: sample reviewed, clean and violations; agent verdicts and borrower-signal verdicts apart; manual findings
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: {
                    week?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentConfirmed: number;
                            agentDismissed: number;
                            manualFindings: number;
                            sampleClean: number;
                            sampled: number;
                            sampleReviewed: number;
                            sampleViolation: number;
                            signalActedOn: number;
                            signalNoted: number;
                            unreviewed: number;
                            /** Format: date */
                            weekStart: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/reviewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The people review work can be assigned to, with their open and claimed items in your banks
         * @description Roles: supervisor
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reviewers: {
                                claimed: number;
                                displayName: string;
                                open: number;
                                username: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rules a manual finding on the call can name: every rule of the pack in effect for the call's language
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query: {
                    callId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            language: string;
                            rules: {
                                /** @enum {string} */
                                category: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                                ruleId: string;
                                ruleVersion: string;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                source: string;
                                title: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A week's sample in your banks, with each call's outcome (the last complete week by default)
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    week?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            draw: {
                                candidates: number;
                                /** Format: date-time */
                                drawnAt: string;
                                drawnBy: string;
                                minimum: number;
                                percent: number;
                                sampled: number;
                                seed: string;
                                /** Format: date */
                                weekStart: string;
                            } | null;
                            items: {
                                agentId: string;
                                callId: string;
                                /** @enum {string|null} */
                                outcome: "clean" | "violation" | null;
                                /** Format: date-time */
                                reviewedAt: string | null;
                                reviewedBy: string | null;
                                /** Format: date-time */
                                sampledAt: string;
                            }[];
                            /** Format: date */
                            weekStart: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/qa/samples/draw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draw a week's random sample of unflagged calls per agent (once per week; the last complete week by default)
         * @description Roles: supervisor
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        seed?: string;
                        week?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            callIds: string[];
                            draw: {
                                candidates: number;
                                /** Format: date-time */
                                drawnAt: string;
                                drawnBy: string;
                                minimum: number;
                                percent: number;
                                sampled: number;
                                seed: string;
                                /** Format: date */
                                weekStart: string;
                            };
                            drawn: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Flagged calls to review, by risk then SLA, filterable
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    category?: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                    from?: string;
                    limit?: number;
                    minSeverity?: "low" | "medium" | "high" | "critical";
                    offset?: number;
                    reviewState?: "unreviewed" | "partly_reviewed" | "reviewed" | "all";
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                agentId: string;
                                agentName: string | null;
                                bank: string;
                                borrowerId: string;
                                callId: string;
                                caseId: number | null;
                                categories: string[];
                                findings: number;
                                /** @enum {string} */
                                maxSeverity: "low" | "medium" | "high" | "critical";
                                risk: number;
                                sampled: boolean;
                                /** Format: date-time */
                                slaDueAt: string | null;
                                startedAt: string;
                                team: string | null;
                                unreviewed: number;
                            }[];
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/queue/filters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Teams, agents and banks to filter the queue by
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agents: {
                                id: string;
                                name: string | null;
                            }[];
                            banks: string[];
                            categories: string[];
                            dismissReasons: string[];
                            severities: ("low" | "medium" | "high" | "critical")[];
                            teams: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every rule in effect (published version, else the server's rules directory) with examples, word classes, history, hits per week and precision per version
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            history: {
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                hash: string;
                                matchingChanged: boolean;
                                message: string | null;
                                /** Format: date-time */
                                publishedAt: string;
                                publishedBy: string;
                                ruleId: string;
                                version: number;
                            }[];
                            hitsPerWeek: {
                                hits: number;
                                ruleId: string;
                                week: string;
                            }[];
                            packs: {
                                hash: string;
                                /** @enum {string} */
                                language: "zh-CN" | "en-US";
                                message: string | null;
                                /** @enum {string} */
                                origin: "published" | "directory";
                                /** Format: date-time */
                                publishedAt: string | null;
                                publishedBy: string | null;
                                version: number | null;
                            }[];
                            precision: {
                                confirmed: number;
                                dismissed: number;
                                precision: number | null;
                                ruleId: string;
                                ruleVersion: string;
                                unreviewed: number;
                            }[];
                            rules: {
                                /** @enum {string} */
                                category: "abuse" | "unprofessional_language" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
                                description: {
                                    "en-US": string;
                                    "zh-CN": string;
                                };
                                enabled: boolean;
                                examples: {
                                    match: string[];
                                    noMatch: string[];
                                };
                                file: string;
                                id: string;
                                kind: string;
                                /** @enum {string} */
                                language: "zh-CN" | "en-US";
                                lexicons: string[];
                                line: number;
                                matchingVersion: string;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                source: string;
                                title: {
                                    "en-US": string;
                                    "zh-CN": string;
                                };
                                version: string;
                            }[];
                            workers: {
                                language: string;
                                /** Format: date-time */
                                loadedAt: string;
                                packHash: string;
                                /** Format: date-time */
                                seenAt: string;
                                worker: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/precision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per rule version: confirmed, dismissed, unreviewed and precision from reviewer verdicts
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a language's pack (uploaded files, or the server's rules directory) after lint and examples; workers reload it without a restart
         * @description Roles: compliance_officer, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        files?: {
                            content: string;
                            path: string;
                        }[];
                        /** @enum {boolean} */
                        fromServer?: true;
                        /** @enum {string} */
                        language: "zh-CN" | "en-US";
                        message: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            version: {
                                active: boolean;
                                files: {
                                    path: string;
                                    /** @enum {string} */
                                    status: "added" | "removed" | "changed";
                                }[];
                                hash: string;
                                id: number;
                                language: string;
                                message: string | null;
                                previousHash: string | null;
                                /** Format: date-time */
                                publishedAt: string;
                                publishedBy: string;
                                ruleCount: number;
                                rules: {
                                    /** @enum {string} */
                                    change: "added" | "removed" | "changed";
                                    matchingChanged: boolean;
                                    ruleId: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/rescan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan and triage stored calls again with the published versions (as `callguard rescan`)
         * @description Roles: compliance_officer, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bank?: string;
                        /** @enum {string} */
                        language?: "zh-CN" | "en-US";
                        since: string;
                        until?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            calls: number;
                            packs: {
                                calls: number;
                                language: string;
                                packHash: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make an earlier stored version (number or content hash) the active one again; workers reload it without a restart
         * @description Roles: compliance_officer, admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message: string;
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            version: {
                                active: boolean;
                                files: {
                                    path: string;
                                    /** @enum {string} */
                                    status: "added" | "removed" | "changed";
                                }[];
                                hash: string;
                                id: number;
                                language: string;
                                message: string | null;
                                previousHash: string | null;
                                /** Format: date-time */
                                publishedAt: string;
                                publishedBy: string;
                                ruleCount: number;
                                rules: {
                                    /** @enum {string} */
                                    change: "added" | "removed" | "changed";
                                    matchingChanged: boolean;
                                    ruleId: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every published rule pack version, newest first, with what it changed, and the history of publishes and rollbacks
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activations: {
                                /** @enum {string} */
                                action: "publish" | "rollback";
                                actor: string;
                                /** Format: date-time */
                                at: string;
                                hash: string;
                                id: number;
                                language: string;
                                message: string;
                            }[];
                            versions: {
                                active: boolean;
                                files: {
                                    path: string;
                                    /** @enum {string} */
                                    status: "added" | "removed" | "changed";
                                }[];
                                hash: string;
                                id: number;
                                language: string;
                                message: string | null;
                                previousHash: string | null;
                                /** Format: date-time */
                                publishedAt: string;
                                publishedBy: string;
                                ruleCount: number;
                                rules: {
                                    /** @enum {string} */
                                    change: "added" | "removed" | "changed";
                                    matchingChanged: boolean;
                                    ruleId: string;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/versions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One stored version with the unified diff of each file against the version it replaced
         * @description Roles: compliance_officer, admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            diff: {
                                path: string;
                                /** @enum {string} */
                                status: "added" | "removed" | "changed";
                                unified: string;
                            }[];
                            files: {
                                path: string;
                                /** @enum {string} */
                                status: "added" | "removed" | "changed";
                            }[];
                            hash: string;
                            id: number;
                            language: string;
                            message: string | null;
                            previousHash: string | null;
                            /** Format: date-time */
                            publishedAt: string;
                            publishedBy: string;
                            ruleCount: number;
                            rules: {
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                matchingChanged: boolean;
                                ruleId: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search transcripts across calls: all words must occur (traditional finds simplified), or calls without a phrase; by speaker and call filters
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    bank?: string;
                    exclude?: string;
                    firstContact?: "true" | "false";
                    from?: string;
                    language?: string;
                    limit?: number;
                    q?: string;
                    speaker?: "agent" | "customer" | "unknown";
                    team?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            highlights: string[];
                            hits: {
                                agentId: string;
                                agentName: string | null;
                                bank: string;
                                borrowerId: string;
                                callId: string;
                                firstContact: boolean;
                                segments: {
                                    endMs: number;
                                    index: number;
                                    /** @enum {string} */
                                    speaker: "agent" | "customer" | "unknown";
                                    startMs: number;
                                    text: string;
                                }[];
                                startedAt: string;
                                team: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every account
         * @description Roles: admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /**
         * Create an account
         * @description Roles: admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        banks?: string[] | null;
                        displayName?: string;
                        password: string;
                        /** @enum {string} */
                        role: "qa_reviewer" | "supervisor" | "compliance_officer" | "admin";
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an account: role, banks, disabled, display name, password (signs the user out everywhere)
         * @description Roles: admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        banks?: string[] | null;
                        disabled?: boolean;
                        displayName?: string;
                        password?: string;
                        /** @enum {string} */
                        role?: "qa_reviewer" | "supervisor" | "compliance_officer" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        trace?: never;
    };
    "/api/users/{id}/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set (or with null remove) a user's e-mail address for notifications
         * @description Roles: admin
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string | null;
                            username: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift the sign-in delay of an account after failed sign-ins (the failures stay in the audit log)
         * @description Roles: admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{username}/conflict-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Record the collector id a user calls under and the teams they lead: 回避 keeps them off cases about those calls
         * @description Roles: admin
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    username: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agentId: string | null;
                        leadsTeams: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentId: string | null;
                            leadsTeams: string[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
