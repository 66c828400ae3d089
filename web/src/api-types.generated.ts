/**
 * The review API's types, generated from its OpenAPI document by `npm run gen:api-types`
 * (scripts/generate-api-types.ts). Do not edit: change the route's schemas in src/api and run it.
 */

export interface paths {
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
                                endMs: number;
                                id: number;
                                matched: string[];
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
                                verdict: "confirmed" | "dismissed" | null;
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
                                    endMs: number;
                                    id: number;
                                    matched: string[];
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
                                    verdict: "confirmed" | "dismissed" | null;
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
    "/api/findings/{id}/verdict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Confirm or dismiss a finding (dismissals need a reason); stored with the rule version
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
                        verdict: "confirmed" | "dismissed";
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
                                endMs: number;
                                id: number;
                                matched: string[];
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
                                verdict: "confirmed" | "dismissed" | null;
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
                    category?: "abuse" | "threat" | "impersonation" | "misrepresentation" | "third_party_disclosure" | "disclosure_missing" | "complaint_risk" | "cease_request" | "vulnerability" | "contact_time" | "contact_frequency" | "recording" | "transcript_quality";
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
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search transcripts across calls (Chinese or English; all words must occur)
         * @description Roles: qa_reviewer, supervisor, compliance_officer
         */
        get: {
            parameters: {
                query: {
                    agentId?: string;
                    bank?: string;
                    from?: string;
                    limit?: number;
                    q: string;
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
