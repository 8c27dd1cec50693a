import Foundation
import Testing
@testable import PlanSession
@testable import PlanModel
import PlanSupport
import TestSupport

/// What an audit of the contract ({"name":"Test","firstYear":2026,"years":5,"income":{"streams":[{"id":"core","name":"Core","base":758.0,"growth":[0.0,0.03,0.025],"mhisBase":true},{"id":"east-extra","name":"East extra","base":20.0,"growth":[0,0.01],"commissioner":"east-icb"},{"id":"deficit-support","name":"DSF","amounts":[10.0,5.0,0.0],"recurrent":false}]},"inflation":[0.0,0.025,0.02],"efficiency":[0.0,0.03,0.02],"policy":"meet-demand","categories":[{"id":"acute","name":"Acute","kind":"treatment","base":500.0,"demandGrowth":0.03,"cashable":0.5,"variable":0.3,"maxUnmet":0.05,"pressure":[0,0.01,0.015]},{"id":"community","name":"Community","kind":"treatment","base":150.0,"demandGrowth":0.02,"cashable":0.7,"returns":{"kernel":[0.2,0.5,0.4,0.0],"to":{"acute":1.0}}},{"id":"mh","name":"MH","kind":"treatment","base":120.0,"demandGrowth":0.035,"maxUnmet":0.0,"growsWithIncome":true},{"id":"prev.a","name":"Prev A","kind":"prevention","base":6.0,"demandGrowth":0.01,"returns":{"kernel":[0.0,0.3,0.6,0.6],"to":{"acute":0.7,"community":0.3}}},{"id":"prev.b","name":"Prev B","kind":"prevention","base":4.0}],"enablers":[{"id":"digital","name":"Digital","cost":12.0,"lag":1,"prevention":0.2,"equity":0.3,"efficiency":{"acute":0.005}}],"metrics":[{"id":"smoking","name":"Smoking","unit":"%","better":"lower","base":12.0,"trend":-0.2,"min":0,"max":100,"ceiling":2.0,"equity":true,"aggregate":"mean","targets":[{"value":11.0,"year":2027},{"value":10.5,"year":2029}],"responses":{"prev.a":{"perMillion":-0.3,"kernel":[0.2,0.6,1.0]}},"enablers":{"digital":-0.2},"capacity":-0.01,"activity":{"acute":0.001}},{"id":"admissions","name":"Admissions","unit":"adm","better":"lower","base":9000,"trend":50,"ceiling":300,"aggregate":"sum","drives":{"category":"mh","unitCost":0.01},"target":{"value":9100,"year":2025},"responses":{"prev.b":{"perMillion":-40,"kernel":[0.5,1.0]}}}],"places":[{"id":"north","name":"North","population":600000,"incomeShare":0.55,"categories":{"acute":{"share":0.6,"demandGrowthDelta":0.005},"community":{"share":0.5}},"metrics":{"smoking":{"base":13.5,"trendDelta":0.05}}},{"id":"south","name":"South","population":300000,"incomeShare":0.3,"categories":{"acute":{"share":0.25},"community":{"share":0.5}}},{"id":"west","name":"West","population":200000,"incomeShare":0.15,"categories":{"acute":{"share":0.15},"community":{"share":0.0}},"metrics":{"admissions":{"base":2000}}}],"organisations":[{"id":"east-icb","name":"East ICB","kind":"commissioner","places":["north","south"]},{"id":"west-icb","name":"West ICB","kind":"commissioner","places":["west"]},{"id":"north-acute","name":"NA","kind":"provider","delivers":{"acute":{"north":0.9,"south":0.2},"community":{"north":1.0}},"planPosition":[-4.0,-2.0,0.0],"support":[4.0,2.0,0.0]},{"id":"mh-trust","name":"MHT","kind":"provider","delivers":{"mh":{"north":0.5,"south":0.5,"west":1.0}}}],"risks":[{"id":"cip-slip","name":"CIP","kind":"risk","org":"north-acute","impact":[0.0,6.0],"probability":0.5},{"id":"claims","name":"Claims","kind":"risk","impact":[3.0,1.0],"probability":0.4,"recurrent":false},{"id":"vac","name":"Vacancy","kind":"mitigation","org":"west-icb","impact":[2.0],"probability":0.7}],"uncertainty":[{"assumption":"acute.demand-growth","low":0.02,"mode":0.03,"high":0.045},{"assumption":"efficiency","low":-0.01,"mode":0.0,"high":0.005},{"assumption":"core.growth","low":-0.01,"high":0.01},{"assumption":"smoking.level","low":-0.5,"mode":0,"high":0.5},{"assumption":"cip-slip.probability","low":0.3,"mode":0.5,"high":0.8},{"assumption":"acute.cashable","low":0.3,"mode":0.5,"high":0.6},{"assumption":"deficit-support.amount","low":-2,"mode":0,"high":1}],"correlations":[{"a":"efficiency","b":"core.growth","rho":0.5}]}.md and LANGUAGE.md, version 3) against the session found, each pinned
/// where it was mended: the engine's figures agreed; these are how statements and seek are judged.
@Suite struct ContractAuditTests {
    /// A small three-place model in which community has no cost in west.
    static let threePlaces = #"{"name":"Test","firstYear":2026,"years":5,"income":{"streams":[{"id":"core","name":"Core","base":758.0,"growth":[0.0,0.03,0.025],"mhisBase":true},{"id":"east-extra","name":"East extra","base":20.0,"growth":[0,0.01],"commissioner":"east-icb"},{"id":"deficit-support","name":"DSF","amounts":[10.0,5.0,0.0],"recurrent":false}]},"inflation":[0.0,0.025,0.02],"efficiency":[0.0,0.03,0.02],"policy":"meet-demand","categories":[{"id":"acute","name":"Acute","kind":"treatment","base":500.0,"demandGrowth":0.03,"cashable":0.5,"variable":0.3,"maxUnmet":0.05,"pressure":[0,0.01,0.015]},{"id":"community","name":"Community","kind":"treatment","base":150.0,"demandGrowth":0.02,"cashable":0.7,"returns":{"kernel":[0.2,0.5,0.4,0.0],"to":{"acute":1.0}}},{"id":"mh","name":"MH","kind":"treatment","base":120.0,"demandGrowth":0.035,"maxUnmet":0.0,"growsWithIncome":true},{"id":"prev.a","name":"Prev A","kind":"prevention","base":6.0,"demandGrowth":0.01,"returns":{"kernel":[0.0,0.3,0.6,0.6],"to":{"acute":0.7,"community":0.3}}},{"id":"prev.b","name":"Prev B","kind":"prevention","base":4.0}],"enablers":[{"id":"digital","name":"Digital","cost":12.0,"lag":1,"prevention":0.2,"equity":0.3,"efficiency":{"acute":0.005}}],"metrics":[{"id":"smoking","name":"Smoking","unit":"%","better":"lower","base":12.0,"trend":-0.2,"min":0,"max":100,"ceiling":2.0,"equity":true,"aggregate":"mean","targets":[{"value":11.0,"year":2027},{"value":10.5,"year":2029}],"responses":{"prev.a":{"perMillion":-0.3,"kernel":[0.2,0.6,1.0]}},"enablers":{"digital":-0.2},"capacity":-0.01,"activity":{"acute":0.001}},{"id":"admissions","name":"Admissions","unit":"adm","better":"lower","base":9000,"trend":50,"ceiling":300,"aggregate":"sum","drives":{"category":"mh","unitCost":0.01},"target":{"value":9100,"year":2025},"responses":{"prev.b":{"perMillion":-40,"kernel":[0.5,1.0]}}}],"places":[{"id":"north","name":"North","population":600000,"incomeShare":0.55,"categories":{"acute":{"share":0.6,"demandGrowthDelta":0.005},"community":{"share":0.5}},"metrics":{"smoking":{"base":13.5,"trendDelta":0.05}}},{"id":"south","name":"South","population":300000,"incomeShare":0.3,"categories":{"acute":{"share":0.25},"community":{"share":0.5}}},{"id":"west","name":"West","population":200000,"incomeShare":0.15,"categories":{"acute":{"share":0.15},"community":{"share":0.0}},"metrics":{"admissions":{"base":2000}}}],"organisations":[{"id":"east-icb","name":"East ICB","kind":"commissioner","places":["north","south"]},{"id":"west-icb","name":"West ICB","kind":"commissioner","places":["west"]},{"id":"north-acute","name":"NA","kind":"provider","delivers":{"acute":{"north":0.9,"south":0.2},"community":{"north":1.0}},"planPosition":[-4.0,-2.0,0.0],"support":[4.0,2.0,0.0]},{"id":"mh-trust","name":"MHT","kind":"provider","delivers":{"mh":{"north":0.5,"south":0.5,"west":1.0}}}],"risks":[{"id":"cip-slip","name":"CIP","kind":"risk","org":"north-acute","impact":[0.0,6.0],"probability":0.5},{"id":"claims","name":"Claims","kind":"risk","impact":[3.0,1.0],"probability":0.4,"recurrent":false},{"id":"vac","name":"Vacancy","kind":"mitigation","org":"west-icb","impact":[2.0],"probability":0.7}],"uncertainty":[{"assumption":"acute.demand-growth","low":0.02,"mode":0.03,"high":0.045},{"assumption":"efficiency","low":-0.01,"mode":0.0,"high":0.005},{"assumption":"core.growth","low":-0.01,"high":0.01},{"assumption":"smoking.level","low":-0.5,"mode":0,"high":0.5},{"assumption":"cip-slip.probability","low":0.3,"mode":0.5,"high":0.8},{"assumption":"acute.cashable","low":0.3,"mode":0.5,"high":0.6},{"assumption":"deficit-support.amount","low":-2,"mode":0,"high":1}],"correlations":[{"a":"efficiency","b":"core.growth","rho":0.5}]}"#

    func session(_ json: String? = nil, format: OutputFormat = .table) -> (Session, TestHost) {
        guard let json else { return makeSession(format: format) }
        let host = TestHost()
        var options = Options()
        options.format = format
        return (Session(model: try! ModelLoader.load(json: json), host: host, options: options), host)
    }

    /// {"name":"Test","firstYear":2026,"years":5,"income":{"streams":[{"id":"core","name":"Core","base":758.0,"growth":[0.0,0.03,0.025],"mhisBase":true},{"id":"east-extra","name":"East extra","base":20.0,"growth":[0,0.01],"commissioner":"east-icb"},{"id":"deficit-support","name":"DSF","amounts":[10.0,5.0,0.0],"recurrent":false}]},"inflation":[0.0,0.025,0.02],"efficiency":[0.0,0.03,0.02],"policy":"meet-demand","categories":[{"id":"acute","name":"Acute","kind":"treatment","base":500.0,"demandGrowth":0.03,"cashable":0.5,"variable":0.3,"maxUnmet":0.05,"pressure":[0,0.01,0.015]},{"id":"community","name":"Community","kind":"treatment","base":150.0,"demandGrowth":0.02,"cashable":0.7,"returns":{"kernel":[0.2,0.5,0.4,0.0],"to":{"acute":1.0}}},{"id":"mh","name":"MH","kind":"treatment","base":120.0,"demandGrowth":0.035,"maxUnmet":0.0,"growsWithIncome":true},{"id":"prev.a","name":"Prev A","kind":"prevention","base":6.0,"demandGrowth":0.01,"returns":{"kernel":[0.0,0.3,0.6,0.6],"to":{"acute":0.7,"community":0.3}}},{"id":"prev.b","name":"Prev B","kind":"prevention","base":4.0}],"enablers":[{"id":"digital","name":"Digital","cost":12.0,"lag":1,"prevention":0.2,"equity":0.3,"efficiency":{"acute":0.005}}],"metrics":[{"id":"smoking","name":"Smoking","unit":"%","better":"lower","base":12.0,"trend":-0.2,"min":0,"max":100,"ceiling":2.0,"equity":true,"aggregate":"mean","targets":[{"value":11.0,"year":2027},{"value":10.5,"year":2029}],"responses":{"prev.a":{"perMillion":-0.3,"kernel":[0.2,0.6,1.0]}},"enablers":{"digital":-0.2},"capacity":-0.01,"activity":{"acute":0.001}},{"id":"admissions","name":"Admissions","unit":"adm","better":"lower","base":9000,"trend":50,"ceiling":300,"aggregate":"sum","drives":{"category":"mh","unitCost":0.01},"target":{"value":9100,"year":2025},"responses":{"prev.b":{"perMillion":-40,"kernel":[0.5,1.0]}}}],"places":[{"id":"north","name":"North","population":600000,"incomeShare":0.55,"categories":{"acute":{"share":0.6,"demandGrowthDelta":0.005},"community":{"share":0.5}},"metrics":{"smoking":{"base":13.5,"trendDelta":0.05}}},{"id":"south","name":"South","population":300000,"incomeShare":0.3,"categories":{"acute":{"share":0.25},"community":{"share":0.5}}},{"id":"west","name":"West","population":200000,"incomeShare":0.15,"categories":{"acute":{"share":0.15},"community":{"share":0.0}},"metrics":{"admissions":{"base":2000}}}],"organisations":[{"id":"east-icb","name":"East ICB","kind":"commissioner","places":["north","south"]},{"id":"west-icb","name":"West ICB","kind":"commissioner","places":["west"]},{"id":"north-acute","name":"NA","kind":"provider","delivers":{"acute":{"north":0.9,"south":0.2},"community":{"north":1.0}},"planPosition":[-4.0,-2.0,0.0],"support":[4.0,2.0,0.0]},{"id":"mh-trust","name":"MHT","kind":"provider","delivers":{"mh":{"north":0.5,"south":0.5,"west":1.0}}}],"risks":[{"id":"cip-slip","name":"CIP","kind":"risk","org":"north-acute","impact":[0.0,6.0],"probability":0.5},{"id":"claims","name":"Claims","kind":"risk","impact":[3.0,1.0],"probability":0.4,"recurrent":false},{"id":"vac","name":"Vacancy","kind":"mitigation","org":"west-icb","impact":[2.0],"probability":0.7}],"uncertainty":[{"assumption":"acute.demand-growth","low":0.02,"mode":0.03,"high":0.045},{"assumption":"efficiency","low":-0.01,"mode":0.0,"high":0.005},{"assumption":"core.growth","low":-0.01,"high":0.01},{"assumption":"smoking.level","low":-0.5,"mode":0,"high":0.5},{"assumption":"cip-slip.probability","low":0.3,"mode":0.5,"high":0.8},{"assumption":"acute.cashable","low":0.3,"mode":0.5,"high":0.6},{"assumption":"deficit-support.amount","low":-2,"mode":0,"high":1}],"correlations":[{"a":"efficiency","b":"core.growth","rho":0.5}]}.md §3: a statement after which a prevention line's budget *or its outturn* would be below zero is
    /// refused; an `outturn` that lowers its F under an earlier money shift is caught.
    @Test func anOutturnTakingPreventionBelowZeroIsRefused() {
        let (s, host) = session()
        #expect(run(s, "scenario new a\nshift £0.42m of prevention.falls to acute in west-essex in 2027/28") == .ok)
        #expect(run(s, "outturn prevention.falls.pressure = -20% in 2027/28") == .failed)
        #expect(said(host.err).contains("this would leave 'prevention.falls' in west-essex with an outturn of -£0.08m in 2027/28"), "\(host.err)")
        #expect(s.current.statements.count == 1, "the refused statement changed the scenario")
    }

    /// LANGUAGE.md: a prevention refusal is judged again when `model horizon N` extends the horizon.
    @Test func aLongerHorizonJudgesPreventionAgain() {
        let (s, host) = session()
        #expect(run(s, "scenario new a\nset prevention.falls.pressure = -20% from 2027/28\nshift £0.5m of prevention.falls to acute") == .ok)
        #expect(run(s, "model horizon 10") == .failed)
        #expect(said(host.err).contains("over 10 years 'shift £0.5m of prevention.falls to acute' in scenario 'a' takes prevention.falls in east-north-herts below zero in 2034/35"), "\(host.err)")
        #expect(s.model.years == 5, "the refused horizon changed the model")
        #expect(run(s, "model horizon 6") == .ok)
    }

    /// {"name":"Test","firstYear":2026,"years":5,"income":{"streams":[{"id":"core","name":"Core","base":758.0,"growth":[0.0,0.03,0.025],"mhisBase":true},{"id":"east-extra","name":"East extra","base":20.0,"growth":[0,0.01],"commissioner":"east-icb"},{"id":"deficit-support","name":"DSF","amounts":[10.0,5.0,0.0],"recurrent":false}]},"inflation":[0.0,0.025,0.02],"efficiency":[0.0,0.03,0.02],"policy":"meet-demand","categories":[{"id":"acute","name":"Acute","kind":"treatment","base":500.0,"demandGrowth":0.03,"cashable":0.5,"variable":0.3,"maxUnmet":0.05,"pressure":[0,0.01,0.015]},{"id":"community","name":"Community","kind":"treatment","base":150.0,"demandGrowth":0.02,"cashable":0.7,"returns":{"kernel":[0.2,0.5,0.4,0.0],"to":{"acute":1.0}}},{"id":"mh","name":"MH","kind":"treatment","base":120.0,"demandGrowth":0.035,"maxUnmet":0.0,"growsWithIncome":true},{"id":"prev.a","name":"Prev A","kind":"prevention","base":6.0,"demandGrowth":0.01,"returns":{"kernel":[0.0,0.3,0.6,0.6],"to":{"acute":0.7,"community":0.3}}},{"id":"prev.b","name":"Prev B","kind":"prevention","base":4.0}],"enablers":[{"id":"digital","name":"Digital","cost":12.0,"lag":1,"prevention":0.2,"equity":0.3,"efficiency":{"acute":0.005}}],"metrics":[{"id":"smoking","name":"Smoking","unit":"%","better":"lower","base":12.0,"trend":-0.2,"min":0,"max":100,"ceiling":2.0,"equity":true,"aggregate":"mean","targets":[{"value":11.0,"year":2027},{"value":10.5,"year":2029}],"responses":{"prev.a":{"perMillion":-0.3,"kernel":[0.2,0.6,1.0]}},"enablers":{"digital":-0.2},"capacity":-0.01,"activity":{"acute":0.001}},{"id":"admissions","name":"Admissions","unit":"adm","better":"lower","base":9000,"trend":50,"ceiling":300,"aggregate":"sum","drives":{"category":"mh","unitCost":0.01},"target":{"value":9100,"year":2025},"responses":{"prev.b":{"perMillion":-40,"kernel":[0.5,1.0]}}}],"places":[{"id":"north","name":"North","population":600000,"incomeShare":0.55,"categories":{"acute":{"share":0.6,"demandGrowthDelta":0.005},"community":{"share":0.5}},"metrics":{"smoking":{"base":13.5,"trendDelta":0.05}}},{"id":"south","name":"South","population":300000,"incomeShare":0.3,"categories":{"acute":{"share":0.25},"community":{"share":0.5}}},{"id":"west","name":"West","population":200000,"incomeShare":0.15,"categories":{"acute":{"share":0.15},"community":{"share":0.0}},"metrics":{"admissions":{"base":2000}}}],"organisations":[{"id":"east-icb","name":"East ICB","kind":"commissioner","places":["north","south"]},{"id":"west-icb","name":"West ICB","kind":"commissioner","places":["west"]},{"id":"north-acute","name":"NA","kind":"provider","delivers":{"acute":{"north":0.9,"south":0.2},"community":{"north":1.0}},"planPosition":[-4.0,-2.0,0.0],"support":[4.0,2.0,0.0]},{"id":"mh-trust","name":"MHT","kind":"provider","delivers":{"mh":{"north":0.5,"south":0.5,"west":1.0}}}],"risks":[{"id":"cip-slip","name":"CIP","kind":"risk","org":"north-acute","impact":[0.0,6.0],"probability":0.5},{"id":"claims","name":"Claims","kind":"risk","impact":[3.0,1.0],"probability":0.4,"recurrent":false},{"id":"vac","name":"Vacancy","kind":"mitigation","org":"west-icb","impact":[2.0],"probability":0.7}],"uncertainty":[{"assumption":"acute.demand-growth","low":0.02,"mode":0.03,"high":0.045},{"assumption":"efficiency","low":-0.01,"mode":0.0,"high":0.005},{"assumption":"core.growth","low":-0.01,"high":0.01},{"assumption":"smoking.level","low":-0.5,"mode":0,"high":0.5},{"assumption":"cip-slip.probability","low":0.3,"mode":0.5,"high":0.8},{"assumption":"acute.cashable","low":0.3,"mode":0.5,"high":0.6},{"assumption":"deficit-support.amount","low":-2,"mode":0,"high":1}],"correlations":[{"a":"efficiency","b":"core.growth","rho":0.5}]}.md §2: only a split of nothing is refused; with `in PLACE` all of the amount goes to that place,
    /// so a line with no cost there takes it.
    @Test func moneyInAPlaceWhereTheLineHasNoCostIsTaken() {
        let (s, host) = session(Self.threePlaces)
        #expect(run(s, "scenario new a\ninvest £2m in community in west\nshift £2m from community to acute in west") == .ok, "\(host.err)")
        // Without a place, a line with no cost in any place still has nothing to split by.
        #expect(run(s, "shift £1m from prev.b to acute in 2027/28") == .ok)
    }

    /// LANGUAGE.md, seek: rates and probabilities in % (unit "%"), money (a stream's amount too) in £m on a
    /// £0.01m grid; `between` read as `set` reads it; with no uncertainty entry `between` is required.
    @Test func seekReportsEachLeverInItsUnit() throws {
        var (s, host) = session(format: .json)
        #expect(run(s, "scenario new a\nseek efficiency such that balance >= 0 every year") == .ok)
        var json = try #require(host.out.split(separator: "\n").last { $0.contains("\"kind\":\"seek\"") })
        #expect(json.contains("\"value\":3.69,\"unit\":\"%\""), "\(json.prefix(200))")
        (s, host) = session(format: .json)
        #expect(run(s, "scenario new a\nseek smallest deficit-support.amount between £-50m and £50m such that balance >= 3.333 in 2028/29") == .ok, "\(host.err)")
        json = try #require(host.out.split(separator: "\n").last { $0.contains("\"kind\":\"seek\"") })
        #expect(json.contains("\"value\":3.14,\"unit\":\"£m\""), "\(json.prefix(200))")
        (s, host) = session(format: .json)
        #expect(run(s, "scenario new a\nseek largest cip-unidentified.enht.probability between 0% and 100% such that balance >= -2 every year") == .ok)
        json = try #require(host.out.split(separator: "\n").last { $0.contains("\"kind\":\"seek\"") })
        #expect(json.contains("\"unit\":\"%\"") && !json.contains("\"value\":0."), "\(json.prefix(200))")
    }

    /// {"name":"Test","firstYear":2026,"years":5,"income":{"streams":[{"id":"core","name":"Core","base":758.0,"growth":[0.0,0.03,0.025],"mhisBase":true},{"id":"east-extra","name":"East extra","base":20.0,"growth":[0,0.01],"commissioner":"east-icb"},{"id":"deficit-support","name":"DSF","amounts":[10.0,5.0,0.0],"recurrent":false}]},"inflation":[0.0,0.025,0.02],"efficiency":[0.0,0.03,0.02],"policy":"meet-demand","categories":[{"id":"acute","name":"Acute","kind":"treatment","base":500.0,"demandGrowth":0.03,"cashable":0.5,"variable":0.3,"maxUnmet":0.05,"pressure":[0,0.01,0.015]},{"id":"community","name":"Community","kind":"treatment","base":150.0,"demandGrowth":0.02,"cashable":0.7,"returns":{"kernel":[0.2,0.5,0.4,0.0],"to":{"acute":1.0}}},{"id":"mh","name":"MH","kind":"treatment","base":120.0,"demandGrowth":0.035,"maxUnmet":0.0,"growsWithIncome":true},{"id":"prev.a","name":"Prev A","kind":"prevention","base":6.0,"demandGrowth":0.01,"returns":{"kernel":[0.0,0.3,0.6,0.6],"to":{"acute":0.7,"community":0.3}}},{"id":"prev.b","name":"Prev B","kind":"prevention","base":4.0}],"enablers":[{"id":"digital","name":"Digital","cost":12.0,"lag":1,"prevention":0.2,"equity":0.3,"efficiency":{"acute":0.005}}],"metrics":[{"id":"smoking","name":"Smoking","unit":"%","better":"lower","base":12.0,"trend":-0.2,"min":0,"max":100,"ceiling":2.0,"equity":true,"aggregate":"mean","targets":[{"value":11.0,"year":2027},{"value":10.5,"year":2029}],"responses":{"prev.a":{"perMillion":-0.3,"kernel":[0.2,0.6,1.0]}},"enablers":{"digital":-0.2},"capacity":-0.01,"activity":{"acute":0.001}},{"id":"admissions","name":"Admissions","unit":"adm","better":"lower","base":9000,"trend":50,"ceiling":300,"aggregate":"sum","drives":{"category":"mh","unitCost":0.01},"target":{"value":9100,"year":2025},"responses":{"prev.b":{"perMillion":-40,"kernel":[0.5,1.0]}}}],"places":[{"id":"north","name":"North","population":600000,"incomeShare":0.55,"categories":{"acute":{"share":0.6,"demandGrowthDelta":0.005},"community":{"share":0.5}},"metrics":{"smoking":{"base":13.5,"trendDelta":0.05}}},{"id":"south","name":"South","population":300000,"incomeShare":0.3,"categories":{"acute":{"share":0.25},"community":{"share":0.5}}},{"id":"west","name":"West","population":200000,"incomeShare":0.15,"categories":{"acute":{"share":0.15},"community":{"share":0.0}},"metrics":{"admissions":{"base":2000}}}],"organisations":[{"id":"east-icb","name":"East ICB","kind":"commissioner","places":["north","south"]},{"id":"west-icb","name":"West ICB","kind":"commissioner","places":["west"]},{"id":"north-acute","name":"NA","kind":"provider","delivers":{"acute":{"north":0.9,"south":0.2},"community":{"north":1.0}},"planPosition":[-4.0,-2.0,0.0],"support":[4.0,2.0,0.0]},{"id":"mh-trust","name":"MHT","kind":"provider","delivers":{"mh":{"north":0.5,"south":0.5,"west":1.0}}}],"risks":[{"id":"cip-slip","name":"CIP","kind":"risk","org":"north-acute","impact":[0.0,6.0],"probability":0.5},{"id":"claims","name":"Claims","kind":"risk","impact":[3.0,1.0],"probability":0.4,"recurrent":false},{"id":"vac","name":"Vacancy","kind":"mitigation","org":"west-icb","impact":[2.0],"probability":0.7}],"uncertainty":[{"assumption":"acute.demand-growth","low":0.02,"mode":0.03,"high":0.045},{"assumption":"efficiency","low":-0.01,"mode":0.0,"high":0.005},{"assumption":"core.growth","low":-0.01,"high":0.01},{"assumption":"smoking.level","low":-0.5,"mode":0,"high":0.5},{"assumption":"cip-slip.probability","low":0.3,"mode":0.5,"high":0.8},{"assumption":"acute.cashable","low":0.3,"mode":0.5,"high":0.6},{"assumption":"deficit-support.amount","low":-2,"mode":0,"high":1}],"correlations":[{"a":"efficiency","b":"core.growth","rho":0.5}]}.md §3: seek computes every value like any analysis; a value that would be refused typed is said.
    @Test func seekComputesWhereATypedStatementWouldBeRefused() {
        let (s, host) = session(format: .json)
        #expect(run(s, "scenario new a\nseek largest shift from prevention.falls to acute in west-essex between £0m and £5m such that balance >= -1000 every year ignoring rules") == .ok)
        #expect(host.out.contains("\"value\":5,\"unit\":\"£m\",\"atRangeEnd\":true"), "\(host.out.suffix(300))")
        #expect(host.out.contains("\"refusedWhenTyped\":\"it leaves prevention.falls in west-essex at -£"))
    }

    /// MODEL.md §7: rows by swing, ties in the uncertainty list's order; a swing of rounding noise (a
    /// non-recurrent stream's amount on the underlying position: 4e-14) is a tie with the exact zeros.
    @Test func sensitivityTiesKeepTheUncertaintyOrder() throws {
        let (s, host) = session(Self.threePlaces, format: .json)
        #expect(run(s, "sensitivity underlying") == .ok, "\(host.err)")
        let ids = host.out.split(separator: "\"assumption\":\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        // Four swings of nothing (a metric's level, a risk's probability, a share with no returns to cash, and
        // the non-recurrent amount's 7e-14), in the list's order.
        #expect(Array(ids.suffix(4)) == ["smoking.level", "cip-slip.probability", "acute.cashable", "deficit-support.amount"], "\(ids)")
    }

    /// MODEL.md §1: `base` ≥ 0, a place's own metric base too.
    @Test func aPlacesNegativeMetricBaseIsRefused() {
        let json = Self.threePlaces.replacingOccurrences(of: "\"smoking\":{\"base\":13.5", with: "\"smoking\":{\"base\":-1")
        #expect(json != Self.threePlaces)
        #expect(throws: ModelError.self) { try ModelLoader.load(json: json) }
    }

    /// MODEL.md §1: a stream's amount is read from year 1 (its entry 1 is year 1): setting it there is no
    /// "changes nothing".
    @Test func aStreamsAmountInTheFirstYearIsNotSaidToChangeNothing() {
        let (s, host) = session()
        #expect(run(s, "scenario new a\nset deficit-support.amount = £20m in 2026/27") == .ok)
        #expect(!host.err.contains("changes nothing"), "\(host.err)")
        #expect(s.currentRun.income[0] > s.projection(of: s.scenario("baseline")!).income[0] + 19.99)
    }

    /// MODEL.md §1: shares "sum to 1 (±1e-9)": a file written at the tolerance loads (the sum's own rounding
    /// makes 0.700000001 + 0.3 exceed 1 + 1e-9 by 8e-17); beyond it, it does not.
    @Test func sharesAtTheStatedToleranceLoad() {
        for (from, at, beyond) in [("\"acute\":0.7,\"community\":0.3", "\"acute\":0.700000001,\"community\":0.3", "\"acute\":0.700000003,\"community\":0.3"),
                                   ("\"share\":0.15}", "\"share\":0.150000001}", "\"share\":0.150000003}")] {
            #expect(Self.threePlaces.contains(from))
            #expect(throws: Never.self) { try ModelLoader.load(json: Self.threePlaces.replacingOccurrences(of: from, with: at)) }
            #expect(throws: ModelError.self) { try ModelLoader.load(json: Self.threePlaces.replacingOccurrences(of: from, with: beyond)) }
        }
    }

    /// A UTF-8 byte-order mark before a JSON model is ignored (docs/DECISIONS.md), as before an actuals CSV.
    @Test func aByteOrderMarkBeforeAModelIsIgnored() {
        #expect(throws: Never.self) { try ModelLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.threePlaces.utf8)) }
    }

    /// MODEL.md §1: every error names the JSON path: a negative income share is the place's, even where a
    /// commissioner's places then have no income between them.
    @Test func aNegativeIncomeShareIsNamedAtThePlace() {
        // North -0.1 and south 0.1 leave east-icb with no income between its places; west takes the rest.
        let json = Self.threePlaces.replacingOccurrences(of: "\"incomeShare\":0.55", with: "\"incomeShare\":-0.1")
            .replacingOccurrences(of: "\"incomeShare\":0.3", with: "\"incomeShare\":0.1")
            .replacingOccurrences(of: "\"incomeShare\":0.15", with: "\"incomeShare\":1.0")
        do { _ = try ModelLoader.load(json: json); Issue.record("loaded") } catch {
            #expect("\(error)".hasPrefix("places[0].incomeShare"), "\(error)")
        }
    }

    /// After `model horizon` shortens the years, `model save` leaves out actuals beyond them (MODEL.md §1), so
    /// the file it writes loads, and says so.
    @Test func aSavedShorterModelLoads() throws {
        let json = String(Self.threePlaces.dropLast()) + ",\"actuals\":{\"2030/31\":{\"balance\":5},\"2027/28\":{\"balance\":2}}}"
        let (s, host) = session(json)
        #expect(run(s, "model horizon 3\nmodel save \"h3.json\"") == .ok, "\(host.err)")
        #expect(said(host.err).contains("the model's actuals for 1 year after 2028/29 are not in 'h3.json'"), "\(host.err)")
        let saved = try ModelLoader.load(bytes: try #require(host.files["h3.json"]))
        #expect(saved.years == 3 && saved.actuals.map(\.id) == ["2027/28"])
    }

    /// MODEL.md §1: `model save` writes every key, defaults included, whatever version the file was: a version
    /// 2 file gains version 3's keys at their defaults and simulates as before.
    @Test func aVersionTwoModelIsSavedWithEveryKey() throws {
        let bytes = Array(try String(contentsOfFile: Repository.root + "docs/default-model-v2.json", encoding: .utf8).utf8)
        let (s, host) = session(String(decoding: bytes, as: UTF8.self), format: .json)
        #expect(run(s, "simulate\nmodel save \"v2.json\"") == .ok, "\(host.err)")
        let saved = String(decoding: try #require(host.files["v2.json"]), as: UTF8.self)
        for key in ["\"organisations\": []", "\"risks\": []", "\"correlations\": []", "\"pressure\": [0]", "\"actuals\":", "\"sources\":"] {
            #expect(saved.contains(key), "\(key)")
        }
        let (again, againHost) = session(saved, format: .json)
        #expect(run(again, "simulate") == .ok)
        #expect(againHost.out == host.out.split(separator: "\n", omittingEmptySubsequences: false).first.map { String($0) + "\n" })
    }

    /// LANGUAGE.md: "a metric with none judged meets it"; a metric with no target at all is warned about.
    @Test func meetsTargetOnAMetricWithNoTargetHolds() {
        let (s, host) = session()
        #expect(run(s, "assert waiting-list meets target") == .ok)
        #expect(said(host.err).contains("warning: t.scenario:1:8: metric 'waiting-list' has no target"), "\(host.err)")
    }
}
