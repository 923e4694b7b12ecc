import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.*;

/**
 * Surgewatch seed generator. Java 17, no dependencies, deterministic (fixed Random seed).
 *
 * Run from the repository root:  java seeds/generate/SeedGenerator.java  [outputDir]
 * Writes incidents.ndjson, statements.ndjson and acled-sample.csv into outputDir (default: ./seeds)
 * and prints the monthly table (PK, Khyber Pakhtunkhwa, TTP) plus consistency checks.
 *
 * Method: monthly Pakistan targets (incidents, killed, injured) agree with the published CRSS totals
 * (2022 by province, 2023 by quarter, 2021 annual); they are spread over provinces (controlled rounding
 * of a month x province table whose margins are the monthly targets and the yearly province totals),
 * victim categories (month x category table with the yearly SF / civilian / militant totals as margins),
 * then over individual incidents (weighted multinomial draws). Reported real incidents are fixed first and
 * the synthetic remainder is fitted around them. See seeds/README.md.
 */
public class SeedGenerator {

    static final long SEED = 20230130L;
    static final Random RND = new Random(SEED);

    // ---- provinces (CRSS columns; FATA is merged into Khyber Pakhtunkhwa in the output) ----
    static final int BAL = 0, ICT = 1, FATA = 2, KP = 3, PUN = 4, SIN = 5, NP = 6;
    static final String[] PCODE = {"BAL", "ICT", "FATA", "KP", "PUN", "SIN"};
    static final String[] CANON = {"Balochistan", "Islamabad Capital Territory", "Khyber Pakhtunkhwa",
            "Khyber Pakhtunkhwa", "Punjab", "Sindh"};

    // ---- monthly Pakistan targets, 2021-01 .. 2023-12 (36 months) ----
    static final int[] MN = {
            28, 28, 30, 33, 32, 31, 35, 36, 38, 36, 33, 40,
            45, 44, 46, 42, 33, 30, 29, 30, 38, 40, 44, 85,
            94, 63, 62, 58, 56, 62, 68, 58, 64, 62, 70, 72};
    static final int[] MK = {
            60, 55, 58, 70, 72, 65, 85, 80, 78, 72, 65, 90,
            85, 95, 110, 80, 60, 55, 50, 52, 65, 70, 75, 176,
            175, 93, 90, 90, 94, 100, 180, 120, 145, 120, 150, 167};
    static final int[] MI = {
            35, 32, 38, 55, 45, 40, 60, 50, 45, 40, 40, 60,
            55, 60, 230, 55, 35, 35, 30, 30, 40, 45, 51, 75,
            300, 110, 86, 70, 75, 85, 260, 80, 100, 80, 107, 110};

    // ---- yearly province totals [BAL, ICT, FATA, KP, PUN, SIN] ----
    // 2022: CRSS Annual Security Report 2022 (reported). 2021, 2023: synthesized split of the CRSS annual totals.
    static final int[][] YN = {{120, 6, 120, 110, 14, 30}, {110, 8, 149, 160, 25, 54}, {200, 8, 230, 290, 25, 36}};
    static final int[][] YK = {{250, 6, 260, 270, 24, 40}, {254, 8, 279, 348, 28, 56}, {380, 6, 470, 600, 28, 40}};
    static final int[][] YI = {{200, 10, 90, 180, 25, 35}, {218, 27, 98, 313, 27, 58}, {420, 15, 330, 600, 40, 58}};
    // ---- yearly killed by category [SF, CIV, MIL] ----
    static final int[][] YC = {{300, 290, 260}, {290, 311, 372}, {536, 443, 545}};

    static final int CALM_FROM = 16, CALM_TO = 19;        // 2022-05 .. 2022-08
    static final int DEC22 = 23, JAN23 = 24;

    static LocalDate monthStart(int m) { return LocalDate.of(2021 + m / 12, m % 12 + 1, 1); }
    static String ym(int m) { return String.format("%d-%02d", 2021 + m / 12, m % 12 + 1); }
    static int monthIndex(LocalDate d) { return (d.getYear() - 2021) * 12 + d.getMonthValue() - 1; }

    // ---- places ----
    record Loc(int prov, String admin2, String place, double lat, double lon, double w) {}
    static final List<Loc> LOCS = List.of(
            new Loc(KP, "Peshawar", "Peshawar", 34.0151, 71.5249, 6),
            new Loc(KP, "Bannu", "Bannu", 32.9861, 70.6042, 5),
            new Loc(KP, "Lakki Marwat", "Lakki Marwat", 32.6072, 70.9114, 4),
            new Loc(KP, "Dera Ismail Khan", "Dera Ismail Khan", 31.8314, 70.9019, 5),
            new Loc(KP, "Dera Ismail Khan", "Kulachi", 31.9286, 70.4592, 1),
            new Loc(KP, "Tank", "Tank", 32.2167, 70.3833, 2.5),
            new Loc(KP, "Swat", "Mingora", 34.7717, 72.3600, 2),
            new Loc(KP, "Charsadda", "Charsadda", 34.1453, 71.7308, 1.5),
            new Loc(KP, "Mardan", "Mardan", 34.1986, 72.0404, 1),
            new Loc(KP, "Kohat", "Kohat", 33.5869, 71.4414, 2),
            new Loc(KP, "Hangu", "Hangu", 33.5281, 71.0597, 1.5),
            new Loc(KP, "Nowshera", "Nowshera", 34.0153, 71.9747, 1),
            new Loc(KP, "Lower Dir", "Timergara", 34.8286, 71.8417, 1),
            new Loc(FATA, "North Waziristan", "Miranshah", 33.0009, 70.0711, 5),
            new Loc(FATA, "North Waziristan", "Mir Ali", 32.9989, 70.2731, 4),
            new Loc(FATA, "South Waziristan", "Wana", 32.3017, 69.5747, 4),
            new Loc(FATA, "Khyber", "Bara", 33.9147, 71.4633, 2.5),
            new Loc(FATA, "Khyber", "Landi Kotal", 34.0983, 71.1419, 1),
            new Loc(FATA, "Bajaur", "Khar", 34.7306, 71.5236, 2.5),
            new Loc(FATA, "Kurram", "Parachinar", 33.8992, 70.1008, 1.5),
            new Loc(FATA, "Orakzai", "Kalaya", 33.6667, 70.9833, 1),
            new Loc(FATA, "Mohmand", "Ghalanai", 34.3300, 71.3700, 1),
            new Loc(BAL, "Quetta", "Quetta", 30.1798, 66.9750, 5),
            new Loc(BAL, "Kech", "Turbat", 26.0031, 63.0544, 4),
            new Loc(BAL, "Panjgur", "Panjgur", 26.9644, 64.0903, 2),
            new Loc(BAL, "Gwadar", "Gwadar", 25.1216, 62.3254, 1.5),
            new Loc(BAL, "Kohlu", "Kohlu", 29.8965, 69.2532, 1.5),
            new Loc(BAL, "Dera Bugti", "Dera Bugti", 29.0361, 69.1585, 1.5),
            new Loc(BAL, "Mastung", "Mastung", 29.7997, 66.8455, 1.5),
            new Loc(BAL, "Sibi", "Sibi", 29.5430, 67.8773, 1),
            new Loc(BAL, "Noshki", "Noshki", 29.5550, 66.0192, 1),
            new Loc(BAL, "Zhob", "Zhob", 31.3412, 69.4493, 1.5),
            new Loc(BAL, "Kalat", "Kalat", 29.0266, 66.5936, 1),
            new Loc(BAL, "Awaran", "Awaran", 26.4563, 65.2316, 1),
            new Loc(BAL, "Khuzdar", "Khuzdar", 27.8000, 66.6167, 1),
            new Loc(PUN, "Lahore", "Lahore", 31.5204, 74.3587, 3),
            new Loc(PUN, "Rawalpindi", "Rawalpindi", 33.5651, 73.0169, 2),
            new Loc(PUN, "Dera Ghazi Khan", "Dera Ghazi Khan", 30.0459, 70.6403, 2),
            new Loc(PUN, "Mianwali", "Mianwali", 32.5839, 71.5370, 1.5),
            new Loc(PUN, "Faisalabad", "Faisalabad", 31.4504, 73.1350, 1),
            new Loc(SIN, "Karachi", "Karachi", 24.8607, 67.0011, 6),
            new Loc(SIN, "Hyderabad", "Hyderabad", 25.3960, 68.3578, 1),
            new Loc(SIN, "Sukkur", "Sukkur", 27.7052, 68.8574, 1),
            new Loc(SIN, "Kashmore", "Kashmore", 28.4326, 69.5836, 1),
            new Loc(ICT, "Islamabad", "Islamabad", 33.6844, 73.0479, 1));

    // ---- model ----
    static final class Group {
        final String canon, shown, attribution;
        Group(String canon, String shown, String attribution) { this.canon = canon; this.shown = shown; this.attribution = attribution; }
    }

    static final class Report {
        Instant reportedAt; int revision; boolean retracted;
        int[] killed, injured; List<Group> groups; String eventType; String notes;
        String srcName, srcUrl, srcKind;
        Report copy() {
            Report r = new Report();
            r.reportedAt = reportedAt; r.revision = revision; r.retracted = retracted; r.killed = killed.clone();
            r.injured = injured.clone(); r.groups = groups; r.eventType = eventType; r.notes = notes;
            r.srcName = srcName; r.srcUrl = srcUrl; r.srcKind = srcKind; return r;
        }
    }

    static final class Incident {
        String id; LocalDate date; int prov; Loc loc; String region, geoPrecision = "EXACT";
        double lat, lon; String eventType, targetType; List<Group> groups = new ArrayList<>();
        int[] killed = new int[4], injured = new int[4];   // securityForces, civilians, militants, unknown
        boolean named, op, countsInTargets = true; double severity = 1;
        String srcName, srcUrl, srcKind, notes;
        List<Report> reports = new ArrayList<>();           // in emission order; the last one is final
        int kTot() { return killed[0] + killed[1] + killed[2] + killed[3]; }
        int iTot() { return injured[0] + injured[1] + injured[2] + injured[3]; }
        boolean hasGroup(String g) { return groups.stream().anyMatch(x -> x.canon.equals(g)); }
        int monthIdx() { return monthIndex(date); }
    }

    static final List<Incident> INCIDENTS = new ArrayList<>();
    static final List<String> WARNINGS = new ArrayList<>();

    // ======================================================================================
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : (Files.isDirectory(Path.of("seeds")) ? "seeds" : "."));
        Files.createDirectories(out);

        List<Incident> named = namedIncidents();
        INCIDENTS.addAll(named);
        synthesize(named);
        assignIds();
        buildReports();
        addRetractions();

        writeIncidents(out.resolve("incidents.ndjson"));
        writeStatements(out.resolve("statements.ndjson"));
        writeAcled(out.resolve("acled-sample.csv"));
        printTables();
    }

    // ======================================================================================
    // Reported incidents (figures as publicly reported; see README)
    static Incident named(String id, String date, int prov, String admin2, String place, double lat, double lon,
                          String type, String target, String src, String srcKind, String notes) {
        Incident in = new Incident();
        in.id = id; in.date = LocalDate.parse(date); in.prov = prov; in.named = true;
        in.loc = new Loc(prov, admin2, place, lat, lon, 0); in.lat = lat; in.lon = lon;
        in.region = CANON[prov]; in.eventType = type; in.targetType = target;
        in.srcName = src; in.srcKind = srcKind; in.notes = notes; in.op = type.equals("SECURITY_OPERATION");
        return in;
    }
    static int[] c(int sf, int civ, int mil, int unk) { return new int[]{sf, civ, mil, unk}; }
    static List<Group> g(String... triples) {
        List<Group> l = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) l.add(new Group(triples[i], triples[i + 1], triples[i + 2]));
        return l;
    }
    static Report rep(String at, int rev, int[] k, int[] i, List<Group> groups, String type, String src, String kind, String notes) {
        Report r = new Report();
        r.reportedAt = Instant.parse(at); r.revision = rev; r.killed = k; r.injured = i; r.groups = groups;
        r.eventType = type; r.srcName = src; r.srcKind = kind; r.notes = notes; return r;
    }
    static void fin(Incident in, int[] k, int[] i, List<Group> groups) { in.killed = k; in.injured = i; in.groups = groups; }

    static List<Incident> namedIncidents() {
        List<Incident> l = new ArrayList<>();
        Incident in;

        in = named("PAK900101", "2021-04-21", BAL, "Quetta", "Quetta (Serena Hotel)", 30.1937, 67.0089, "IED", "CIVILIANS",
                "Dawn", "NEWS", "Car bomb in the parking area of the Serena Hotel, Quetta; claimed by the TTP.");
        fin(in, c(0, 0, 0, 5), c(0, 0, 0, 12), g("TTP", "Tehrik-i-Taliban Pakistan", "CLAIMED"));
        in.reports.add(rep("2021-04-21T19:30:00Z", 0, c(0, 0, 0, 4), c(0, 0, 0, 11), g(), "IED", "Balochistan Police", "OFFICIAL",
                "Blast in hotel parking area, Quetta; early police figures."));
        l.add(in);

        in = named("PAK900102", "2021-07-14", KP, "Upper Kohistan", "Dasu", 35.2917, 73.2906, "SUICIDE_BOMBING", "CIVILIANS",
                "Ministry of Foreign Affairs of Pakistan", "OFFICIAL",
                "Bus carrying Chinese and Pakistani workers of the Dasu hydropower project blown up; first described as a mechanical failure, investigators later blamed the TTP.");
        fin(in, c(2, 11, 0, 0), c(0, 0, 0, 28), g("TTP", "TTP", "ATTRIBUTED"));
        in.reports.add(rep("2021-07-14T09:00:00Z", 0, c(0, 0, 0, 12), c(0, 0, 0, 30), g(), "OTHER", "Dawn", "NEWS",
                "Bus plunged into ravine after a blast; officials cite a gas leak."));
        in.reports.add(rep("2021-07-15T11:00:00Z", 1, c(2, 11, 0, 0), c(0, 0, 0, 28), g(), "IED", "Dawn", "NEWS",
                "Explosive traces found; 9 Chinese nationals among the dead."));
        l.add(in);

        in = named("PAK900103", "2021-08-20", BAL, "Gwadar", "Gwadar (East Bay Expressway)", 25.1300, 62.3400, "SUICIDE_BOMBING", "CIVILIANS",
                "Dawn", "NEWS", "Suicide attack on a vehicle carrying Chinese nationals; two children killed; claimed by the BLA.");
        fin(in, c(0, 2, 1, 0), c(0, 0, 0, 3), g("BLA", "Baloch Liberation Army", "CLAIMED"));
        l.add(in);

        in = named("PAK900201", "2022-01-25", BAL, "Kech", "Kech", 26.0031, 63.0544, "ATTACK", "SECURITY_FORCES",
                "ISPR", "OFFICIAL", "Militants attacked a security forces post in Kech district; ten soldiers killed (ISPR); claimed by the BLF.");
        fin(in, c(10, 0, 1, 0), c(0, 0, 0, 0), g("BLF", "BLF", "CLAIMED"));
        l.add(in);

        in = named("PAK900202", "2022-03-04", KP, "Peshawar", "Peshawar (Kocha Risaldar)", 34.0100, 71.5700, "SUICIDE_BOMBING", "RELIGIOUS",
                "Dawn", "NEWS", "Suicide bombing at a Shia mosque during Friday prayers in Kocha Risaldar, Peshawar; claimed by IS-K.");
        fin(in, c(0, 63, 1, 0), c(0, 196, 0, 0), g("IS-K", "Islamic State Khorasan Province", "CLAIMED"));
        in.reports.add(rep("2022-03-04T09:30:00Z", 0, c(0, 0, 0, 30), c(0, 0, 0, 50), g(), "SUICIDE_BOMBING", "Peshawar Police", "OFFICIAL",
                "Blast at mosque in Kocha Risaldar; toll rising."));
        in.reports.add(rep("2022-03-04T16:00:00Z", 1, c(0, 0, 0, 56), c(0, 0, 0, 194), g("IS-K", "ISKP", "CLAIMED"), "SUICIDE_BOMBING",
                "Lady Reading Hospital Peshawar", "OFFICIAL", "Hospital figures."));
        l.add(in);

        in = named("PAK900203", "2022-04-26", SIN, "Karachi", "Karachi (University of Karachi)", 24.9414, 67.1208, "SUICIDE_BOMBING", "EDUCATION",
                "Karachi Police", "OFFICIAL", "Female suicide bomber targeted a van of the Confucius Institute at the University of Karachi; three Chinese teachers and their driver killed; claimed by the BLA.");
        fin(in, c(0, 4, 1, 0), c(0, 0, 0, 4), g("BLA", "BLA", "CLAIMED"));
        l.add(in);

        in = named("PAK900204", "2022-11-30", BAL, "Quetta", "Quetta (Baleli)", 30.2700, 66.9500, "SUICIDE_BOMBING", "SECURITY_FORCES",
                "Balochistan Police", "OFFICIAL", "Suicide bomber struck a police truck escorting polio vaccinators near Baleli, two days after the TTP ended its ceasefire; claimed by the TTP. Figures approximate.");
        fin(in, c(1, 2, 1, 0), c(20, 3, 0, 0), g("TTP", "Pakistani Taliban", "CLAIMED"));
        in.reports.add(rep("2022-11-30T07:00:00Z", 0, c(0, 0, 0, 3), c(0, 0, 0, 23), g(), "SUICIDE_BOMBING", "Balochistan Police", "OFFICIAL",
                "Blast near police truck in Baleli; early figures."));
        l.add(in);

        in = named("PAK900205", "2022-12-18", KP, "Bannu", "Bannu Cantonment (CTD compound)", 32.9900, 70.6200, "ARMED_CLASH", "SECURITY_FORCES",
                "Dawn", "NEWS", "Detained militants overpowered guards, seized weapons and took over the Counter-Terrorism Department compound in Bannu Cantonment, holding officials hostage and demanding safe passage to Afghanistan. Figures approximate.");
        fin(in, c(1, 0, 0, 0), c(2, 0, 0, 0), g("TTP", "TTP", "ATTRIBUTED"));
        l.add(in);

        in = named("PAK900206", "2022-12-20", KP, "Bannu", "Bannu Cantonment (CTD compound)", 32.9900, 70.6200, "SECURITY_OPERATION", "MILITANTS",
                "ISPR", "OFFICIAL", "Special Service Group operation ended the siege of the CTD compound in Bannu; militants holding it were TTP members.");
        fin(in, c(2, 0, 33, 0), c(10, 0, 0, 0), g());
        in.reports.add(rep("2022-12-20T15:00:00Z", 0, c(2, 0, 25, 0), c(10, 0, 0, 0), g(), "SECURITY_OPERATION", "ISPR", "OFFICIAL",
                "ISPR: 25 militants killed, 7 surrendered, 3 arrested; two soldiers killed."));
        in.srcName = "Khawaja Asif, Minister of Defence (National Assembly)"; in.srcKind = "OFFICIAL";
        l.add(in);

        in = named("PAK900207", "2022-12-23", ICT, "Islamabad", "Islamabad (I-10/4)", 33.6470, 73.0360, "SUICIDE_BOMBING", "SECURITY_FORCES",
                "Islamabad Capital Police", "OFFICIAL", "Suicide car bomb at a police checkpoint in sector I-10/4 after police stopped the vehicle; claimed by the TTP.");
        fin(in, c(1, 0, 2, 0), c(0, 0, 0, 10), g("TTP", "TTP", "CLAIMED"));
        l.add(in);

        in = named("PAK900301", "2023-01-05", FATA, "South Waziristan", "South Waziristan", 32.3017, 69.5747, "SECURITY_OPERATION", "MILITANTS",
                "ISPR (Armed Forces Media Wing)", "OFFICIAL", "Operation in South Waziristan; commander Hafiz Ullah and two would-be suicide bombers among 11 militants killed (ISPR, as quoted by The Media Line).");
        fin(in, c(0, 0, 11, 0), c(0, 0, 0, 0), g());
        l.add(in);

        in = named("PAK900001", "2023-01-30", KP, "Peshawar", "Peshawar", 34.0050, 71.5400, "SUICIDE_BOMBING", "SECURITY_FORCES",
                "Peshawar Police", "OFFICIAL", "Suicide bombing in the mosque of the Police Lines, Peshawar, during afternoon prayers. A TTP commander claimed it; the TTP's central spokesman distanced the group; police later named the Jamaat-ul-Ahrar faction. Attribution disputed.");
        fin(in, c(83, 1, 1, 0), c(0, 0, 0, 220), g("TTP", "TTP", "CLAIMED"));
        in.reports.add(rep("2023-01-30T10:30:00Z", 0, c(0, 0, 0, 28), c(0, 0, 0, 150), g(), "SUICIDE_BOMBING", "Dawn", "NEWS",
                "Blast inside mosque in Peshawar Police Lines; early toll."));
        in.reports.add(rep("2023-01-30T17:00:00Z", 1, c(0, 0, 0, 59), c(0, 0, 0, 157), g("TTP", "Tehrik-i-Taliban Pakistan", "CLAIMED"), "SUICIDE_BOMBING",
                "Lady Reading Hospital Peshawar", "OFFICIAL", "Toll rises; a TTP commander claims the attack on social media."));
        in.reports.add(rep("2023-01-31T12:00:00Z", 2, c(0, 0, 0, 100), c(0, 0, 0, 225), g("TTP", "TTP", "CLAIMED"), "SUICIDE_BOMBING",
                "Dawn", "NEWS", "Toll passes 100; the TTP's central spokesman distances the group from the commander's claim."));
        in.reports.add(rep("2023-02-02T11:00:00Z", 3, c(83, 1, 1, 0), c(0, 0, 0, 220), g("TTP", "TTP", "CLAIMED"), "SUICIDE_BOMBING",
                "Khyber Pakhtunkhwa Police", "OFFICIAL", "KP police revise the toll to 84 after reconciling hospital lists (plus the attacker)."));
        l.add(in);

        in = named("PAK900302", "2023-02-17", SIN, "Karachi", "Karachi (Karachi Police Office)", 24.8460, 67.0260, "ATTACK", "SECURITY_FORCES",
                "Sindh Police", "OFFICIAL", "Gunmen and suicide attackers stormed the Karachi Police Office on Shahrah-e-Faisal; all three attackers killed; claimed by the TTP.");
        fin(in, c(3, 1, 3, 0), c(0, 0, 0, 18), g("TTP", "TTP", "CLAIMED"));
        in.reports.add(rep("2023-02-17T16:30:00Z", 0, c(0, 0, 2, 2), c(0, 0, 0, 12), g("TTP", "Pakistani Taliban", "CLAIMED"), "ATTACK",
                "Geo News", "NEWS", "Siege under way at the Karachi Police Office."));
        l.add(in);

        in = named("PAK900303", "2023-07-30", FATA, "Bajaur", "Khar (JUI-F workers' convention)", 34.7306, 71.5236, "SUICIDE_BOMBING", "CIVILIANS",
                "Khyber Pakhtunkhwa Police", "OFFICIAL", "Suicide bombing at a JUI-F workers' convention in Khar, Bajaur; claimed by IS-K.");
        fin(in, c(0, 63, 1, 0), c(0, 0, 0, 200), g("IS-K", "IS-K", "CLAIMED"));
        in.reports.add(rep("2023-07-30T12:30:00Z", 0, c(0, 0, 0, 35), c(0, 0, 0, 100), g(), "SUICIDE_BOMBING", "Dawn", "NEWS", "Blast at political gathering in Khar."));
        in.reports.add(rep("2023-07-31T08:00:00Z", 1, c(0, 0, 0, 54), c(0, 0, 0, 200), g("IS-K", "Islamic State Khorasan Province", "CLAIMED"), "SUICIDE_BOMBING",
                "Dawn", "NEWS", "Toll rises; IS-K claims via its news agency."));
        l.add(in);

        in = named("PAK900304", "2023-09-29", BAL, "Mastung", "Mastung (Mawlid procession)", 29.7997, 66.8455, "SUICIDE_BOMBING", "RELIGIOUS",
                "Balochistan Police", "OFFICIAL", "Suicide bombing at a Mawlid procession in Mastung; a police DSP among the dead; no claim, the TTP denied involvement. Figures approximate.");
        fin(in, c(1, 59, 1, 0), c(0, 0, 0, 70), g("IS-K", "ISKP", "SUSPECTED"));
        in.reports.add(rep("2023-09-29T10:00:00Z", 0, c(1, 0, 0, 51), c(0, 0, 0, 50), g(), "SUICIDE_BOMBING", "Balochistan Police", "OFFICIAL", "Early figures."));
        l.add(in);

        in = named("PAK900305", "2023-09-29", KP, "Hangu", "Doaba (police station mosque)", 33.4300, 70.7300, "SUICIDE_BOMBING", "RELIGIOUS",
                "Khyber Pakhtunkhwa Police", "OFFICIAL", "Suicide bombing in a mosque inside a police station compound in Doaba, Hangu, hours after the Mastung blast. Figures approximate.");
        fin(in, c(0, 0, 0, 5), c(0, 0, 0, 12), g());
        l.add(in);

        in = named("PAK900307", "2023-11-03", BAL, "Gwadar", "Pasni", 25.2631, 63.4710, "ATTACK", "SECURITY_FORCES",
                "ISPR", "OFFICIAL", "Militants ambushed two security forces vehicles between Pasni and Ormara; 14 soldiers killed (ISPR). Unattributed here.");
        fin(in, c(14, 0, 0, 0), c(0, 0, 0, 0), g());
        l.add(in);

        in = named("PAK900306", "2023-12-12", KP, "Dera Ismail Khan", "Daraban", 31.7230, 70.3360, "SUICIDE_BOMBING", "SECURITY_FORCES",
                "ISPR", "OFFICIAL", "Explosives-laden vehicle and gunmen attacked a security forces compound at Daraban; claimed by Tehreek-e-Jihad Pakistan (TJP). Injured figure approximate.");
        fin(in, c(23, 0, 6, 0), c(0, 0, 0, 30), g("TJP", "Tehreek-e-Jihad Pakistan", "CLAIMED"));
        l.add(in);

        // final report (and source) of every named incident
        String[] finalTimes = {
                "2021-04-22T10:00:00Z", "2021-08-12T12:00:00Z", "2021-08-21T09:00:00Z", "2022-01-27T14:00:00Z",
                "2022-03-05T08:00:00Z", "2022-04-27T10:00:00Z", "2022-12-01T09:00:00Z", "2022-12-19T08:00:00Z",
                "2022-12-21T12:00:00Z", "2022-12-23T15:00:00Z", "2023-01-05T16:00:00Z", "2023-02-04T10:00:00Z",
                "2023-02-18T09:00:00Z", "2023-08-02T10:00:00Z", "2023-10-01T09:00:00Z", "2023-09-30T08:00:00Z",
                "2023-11-04T12:00:00Z", "2023-12-12T16:00:00Z"};
        for (int i = 0; i < l.size(); i++) {
            Incident x = l.get(i);
            Report f = rep(finalTimes[i], x.reports.size(), x.killed, x.injured, x.groups, x.eventType, x.srcName, x.srcKind, x.notes);
            f.srcUrl = x.srcUrl;
            x.reports.add(f);
        }
        return l;
    }

    // ======================================================================================
    // Synthetic history
    static double ttpShare(int m) {
        if (m >= CALM_FROM && m <= CALM_TO) return 0.12;     // ceasefire and talks, 2022
        if (m == 10) return 0.15;                            // one-month ceasefire, Nov-Dec 2021
        if (m == 15) return 0.22;                            // April 2022: run-up to talks
        if (m >= 20 && m <= 22) return 0.25;                 // Sep-Nov 2022
        if (m == DEC22 || m == JAN23) return 0.55;           // after the ceasefire ended on 28 Nov 2022
        if (m > JAN23) return 0.40;
        return 0.30;
    }
    static double provTweak(int m, int p) {
        boolean kp = p == KP || p == FATA;
        if (m >= CALM_FROM && m <= CALM_TO) return kp ? 0.80 : 1.15;
        if (m == DEC22 || m == JAN23) return kp ? 1.25 : 0.85;
        return 1;
    }
    static final double[] OPS_SHARE = {0.18, 0.10, 0.36, 0.19, 0.12, 0.10};

    static void synthesize(List<Incident> named) {
        for (int y = 0; y < 3; y++) {
            int m0 = y * 12;
            int[] rowN = new int[12], rowK = new int[12], rowI = new int[12];
            int[] colN = YN[y].clone(), colK = YK[y].clone(), colI = YI[y].clone();
            int[] colC = YC[y].clone();
            int[] namedUnknown = new int[1];
            int[][] namedCat = new int[12][3];
            for (int m = 0; m < 12; m++) { rowN[m] = MN[m0 + m]; rowK[m] = MK[m0 + m]; rowI[m] = MI[m0 + m]; }
            for (Incident in : named) {
                int m = in.monthIdx() - m0;
                if (m < 0 || m >= 12) continue;
                rowN[m]--; rowK[m] -= in.kTot(); rowI[m] -= in.iTot();
                colN[in.prov]--; colK[in.prov] -= in.kTot(); colI[in.prov] -= in.iTot();
                for (int k = 0; k < 3; k++) { colC[k] -= in.killed[k]; namedCat[m][k] += in.killed[k]; }
                namedUnknown[0] += in.killed[3];
            }
            // named "unknown" victims are taken from the civilian column
            int big = 1; // civilians
            colC[big] -= namedUnknown[0];

            // month x province incidents
            double[][] prior = new double[12][NP];
            int totN = Arrays.stream(colN).sum();
            for (int m = 0; m < 12; m++) for (int p = 0; p < NP; p++)
                prior[m][p] = rowN[m] * (colN[p] / (double) totN) * provTweak(m0 + m, p);
            int[][] N = fit(prior, rowN, colN, "N" + (2021 + y));
            // killed and injured follow incidents
            double[][] pk = new double[12][NP], pi = new double[12][NP];
            for (int m = 0; m < 12; m++) for (int p = 0; p < NP; p++) {
                pk[m][p] = N[m][p] * colK[p] / (double) Math.max(1, colN[p]) * provTweak(m0 + m, p);
                pi[m][p] = N[m][p] * colI[p] / (double) Math.max(1, colN[p]) * provTweak(m0 + m, p);
            }
            int[][] K = fit(pk, rowK, colK, "K" + (2021 + y));
            int[][] I = fit(pi, rowI, colI, "I" + (2021 + y));
            // month x category
            double[][] pc = new double[12][3];
            int totC = Arrays.stream(colC).sum();
            for (int m = 0; m < 12; m++) for (int k = 0; k < 3; k++) {
                double t = 1;
                if (m0 + m == DEC22 && k == 0) t = 1.8;
                if (m0 + m == JAN23 && k == 0) t = 1.3;
                pc[m][k] = Math.max(0, rowK[m]) * colC[k] / (double) totC * t;
            }
            int[][] C = fit(pc, rowK, colC, "C" + (2021 + y));

            for (int m = 0; m < 12; m++) {
                int mi = m0 + m;
                // province x category for this month
                double[][] ppc = new double[NP][3];
                for (int p = 0; p < NP; p++) for (int k = 0; k < 3; k++) {
                    double bias = 1;
                    if (k == 2) bias = (p == FATA ? 1.5 : p == BAL ? 1.1 : 0.8);
                    if (k == 1) bias = (p == SIN || p == PUN || p == BAL ? 1.4 : 0.9);
                    ppc[p][k] = K[m][p] * (C[m][k] + 0.01) * bias;
                }
                int[] kRow = new int[NP]; for (int p = 0; p < NP; p++) kRow[p] = K[m][p];
                int[][] PC = fit(ppc, kRow, C[m], "PC" + ym(mi));
                for (int p = 0; p < NP; p++) makeCell(mi, p, N[m][p], PC[p], I[m][p]);
            }
        }
    }

    static void makeCell(int m, int p, int n, int[] killedByCat, int injuredTotal) {
        if (n == 0) {
            if (Arrays.stream(killedByCat).sum() + injuredTotal > 0)
                WARNINGS.add("casualties without incidents in " + ym(m) + " " + PCODE[p]);
            return;
        }
        List<Incident> cell = new ArrayList<>();
        LocalDate start = monthStart(m);
        int days = start.lengthOfMonth();
        for (int j = 0; j < n; j++) {
            Incident in = new Incident();
            in.prov = p; in.date = start.plusDays(RND.nextInt(days));
            in.loc = pickLoc(p, m);
            in.op = RND.nextDouble() < OPS_SHARE[p] * (m == DEC22 || m == JAN23 ? 1.15 : 1.0);
            in.severity = Math.exp(RND.nextGaussian() * 0.8);
            if (in.op) {
                in.eventType = "SECURITY_OPERATION"; in.targetType = "MILITANTS";
            } else {
                in.targetType = pick(new String[]{"SECURITY_FORCES", "CIVILIANS", "GOVERNMENT", "INFRASTRUCTURE", "RELIGIOUS", "EDUCATION", "UNKNOWN"},
                        new double[]{50, 27, 6, 6, 3, 2, 6});
                in.eventType = pick(new String[]{"ATTACK", "IED", "TARGETED_KILLING", "ARMED_CLASH", "GRENADE", "SUICIDE_BOMBING", "ABDUCTION", "OTHER"},
                        new double[]{34, 22, 18, in.targetType.equals("SECURITY_FORCES") ? 14 : 2, 6, 2.5, 3, 1.5});
                if (in.eventType.equals("SUICIDE_BOMBING")) in.severity *= 3;
                if (in.eventType.equals("ABDUCTION")) in.severity *= 0.3;
                assignGroups(in, m);
            }
            cell.add(in);
        }
        // killed: one weighted multinomial draw per category
        for (int k = 0; k < 3; k++) {
            double[] w = new double[n];
            for (int j = 0; j < n; j++) {
                Incident in = cell.get(j);
                String t = in.eventType, tg = in.targetType;
                double b;
                if (k == 2) b = in.op ? 6 : t.equals("ARMED_CLASH") ? 2 : t.equals("SUICIDE_BOMBING") ? 1 : tg.equals("SECURITY_FORCES") ? 0.5 : 0.1;
                else if (k == 0) b = in.op ? 0.7 : tg.equals("SECURITY_FORCES") ? 4 : 0.2;
                else b = in.op ? 0.1 : tg.equals("SECURITY_FORCES") ? 0.3 : tg.equals("UNKNOWN") ? 1 : 4;
                // keep the TTP's share of the dead small while the ceasefire and talks lasted
                if (m >= CALM_FROM && m <= CALM_TO && in.hasGroup("TTP")) b *= 0.4;
                w[j] = b * in.severity;
            }
            int[] a = multinomial(w, killedByCat[k]);
            for (int j = 0; j < n; j++) cell.get(j).killed[k] = a[j];
        }
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            Incident in = cell.get(j);
            String t = in.eventType;
            double b = in.op ? 0.3 : t.equals("SUICIDE_BOMBING") || t.equals("IED") || t.equals("GRENADE") ? 3 : t.equals("TARGETED_KILLING") ? 0.4 : 1;
            if (m >= CALM_FROM && m <= CALM_TO && in.hasGroup("TTP")) b *= 0.4;
            w[j] = b * in.severity;
        }
        int[] a = multinomial(w, injuredTotal);
        for (int j = 0; j < n; j++) {
            Incident in = cell.get(j);
            int tot = a[j];
            if (tot == 0) continue;
            double u = RND.nextDouble();
            if (u < 0.2) in.injured[3] = tot;
            else if (in.op || in.targetType.equals("SECURITY_FORCES")) {
                int civ = RND.nextDouble() < 0.25 ? RND.nextInt(tot + 1) / 2 : 0;
                in.injured[0] = tot - civ; in.injured[1] = civ;
            } else in.injured[1] = tot;
        }
        for (Incident in : cell) finishSynthetic(in, m);
        INCIDENTS.addAll(cell);
    }

    static void assignGroups(Incident in, int m) {
        double u = RND.nextDouble();
        double ttp = ttpShare(m);
        String admin2 = in.loc.admin2();
        String region = null;
        switch (in.prov) {
            case KP, FATA -> {
                double isk = admin2.equals("Peshawar") || admin2.equals("Bajaur") ? 0.12 : 0.02;
                double hgb = admin2.equals("North Waziristan") || admin2.equals("Bannu") ? 0.15 : 0;
                if (u < ttp) region = "TTP";
                else if (u < ttp + hgb) region = "HGB";
                else if (u < ttp + hgb + isk) region = "IS-K";
            }
            case BAL -> {
                double t = ttp * 0.3;
                if (u < 0.22) region = "BLA";
                else if (u < 0.36) region = "BLF";
                else if (u < 0.36 + t) region = "TTP";
                else if (u < 0.39 + t) region = "IS-K";
            }
            case SIN -> { if (u < 0.10) region = "BLA"; else if (u < 0.10 + ttp * 0.4) region = "TTP"; }
            default -> { if (u < ttp * 0.8) region = "TTP"; }
        }
        if (region == null) return;
        in.groups.add(new Group(region, variant(region), pick(new String[]{"CLAIMED", "ATTRIBUTED", "SUSPECTED"}, new double[]{50, 30, 20})));
        // occasional second group named alongside
        if (region.equals("TTP") && in.loc.admin2().equals("North Waziristan") && RND.nextDouble() < 0.15)
            in.groups.add(new Group("HGB", variant("HGB"), "SUSPECTED"));
        if (region.equals("BLA") && RND.nextDouble() < 0.06)
            in.groups.add(new Group("BLF", "BLF", "CLAIMED"));
    }

    static String variant(String canon) {
        double u = RND.nextDouble();
        return switch (canon) {
            case "TTP" -> u < 0.75 ? "TTP" : u < 0.87 ? "Tehrik-i-Taliban Pakistan" : "Pakistani Taliban";
            case "IS-K" -> u < 0.65 ? "IS-K" : u < 0.85 ? "ISKP" : "Islamic State Khorasan Province";
            case "BLA" -> u < 0.7 ? "BLA" : u < 0.88 ? "Baloch Liberation Army" : "Baluchistan Liberation Army";
            case "HGB" -> u < 0.8 ? "HGB" : "Hafiz Gul Bahadur group";
            default -> canon;
        };
    }

    static String regionVariant(int prov) {
        double u = RND.nextDouble();
        return switch (prov) {
            case KP -> u < 0.82 ? "Khyber Pakhtunkhwa" : u < 0.92 ? "KP" : "KPK";
            case FATA -> u < 0.70 ? "Khyber Pakhtunkhwa" : u < 0.82 ? "erstwhile FATA" : u < 0.90 ? "FATA" : u < 0.96 ? "KP" : "KPK";
            case BAL -> u < 0.88 ? "Balochistan" : "Baluchistan";
            default -> CANON[prov];
        };
    }

    static final String[][] STYLES = {
            {"Dawn", "NEWS"}, {"The Express Tribune", "NEWS"}, {"The News International", "NEWS"}, {"Geo News", "NEWS"},
            {"ISPR", "OFFICIAL"}, {"District Police", "OFFICIAL"}, {"CTD", "OFFICIAL"}, {"Levies", "OFFICIAL"}};

    static void finishSynthetic(Incident in, int m) {
        if (in.eventType.equals("TARGETED_KILLING") && in.kTot() == 0) in.eventType = "ATTACK";
        in.region = regionVariant(in.prov);
        double u = RND.nextDouble();
        if (u < 0.75) { in.geoPrecision = "EXACT"; in.lat = in.loc.lat(); in.lon = in.loc.lon(); }
        else if (u < 0.95) {
            in.geoPrecision = "NEAR";
            in.lat = in.loc.lat() + RND.nextGaussian() * 0.05; in.lon = in.loc.lon() + RND.nextGaussian() * 0.05;
        } else { in.geoPrecision = "REGION"; in.lat = in.loc.lat(); in.lon = in.loc.lon(); }
        String[] st = in.op ? STYLES[RND.nextDouble() < 0.7 ? 4 : 6]
                : STYLES[pickIdx(new double[]{20, 14, 10, 8, 6, 12, 4, in.prov == BAL ? 6 : 0})];
        in.srcName = "Synthetic seed (" + st[0] + "-style report)";
        in.srcKind = st[1];
        in.notes = "[synthetic] " + describe(in);
    }

    static String describe(Incident in) {
        String place = in.loc.place() + ", " + in.loc.admin2() + " district";
        String who = in.groups.isEmpty() ? "Unidentified militants" : "Militants (" + in.groups.get(0).canon + ", " + in.groups.get(0).attribution.toLowerCase() + ")";
        String tg = switch (in.targetType) {
            case "SECURITY_FORCES" -> "security forces";
            case "CIVILIANS" -> "civilians";
            case "GOVERNMENT" -> "a government office";
            case "INFRASTRUCTURE" -> "infrastructure";
            case "RELIGIOUS" -> "a place of worship";
            case "EDUCATION" -> "a school";
            default -> "an unspecified target";
        };
        String what = switch (in.eventType) {
            case "SECURITY_OPERATION" -> "Intelligence-based operation against militants near " + place;
            case "IED" -> who + " detonated an IED targeting " + tg + " near " + place;
            case "SUICIDE_BOMBING" -> who + ": suicide bombing targeting " + tg + " in " + place;
            case "TARGETED_KILLING" -> who + " shot dead targets among " + tg + " in " + place;
            case "ARMED_CLASH" -> who + " clashed with security forces near " + place;
            case "GRENADE" -> who + " threw a grenade at " + tg + " in " + place;
            case "ABDUCTION" -> who + " abducted people (" + tg + ") near " + place;
            case "OTHER" -> who + " attacked " + tg + " in " + place;
            default -> who + " attacked " + tg + " in " + place;
        };
        return what + ".";
    }

    static Loc pickLoc(int p, int m) {
        List<Loc> c = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        for (Loc l : LOCS) if (l.prov() == p) {
            double x = l.w();
            // the post-ceasefire surge is concentrated in southern KP and the Waziristans
            if ((m == DEC22 || m == JAN23) && Set.of("Bannu", "Lakki Marwat", "Dera Ismail Khan", "Tank", "North Waziristan", "South Waziristan").contains(l.admin2()))
                x *= 1.8;
            c.add(l); w.add(x);
        }
        double[] ww = w.stream().mapToDouble(Double::doubleValue).toArray();
        return c.get(pickIdx(ww));
    }

    // ======================================================================================
    // ids, reports, revisions, duplicates, retractions
    static void assignIds() {
        List<Incident> syn = new ArrayList<>();
        for (Incident in : INCIDENTS) if (!in.named) syn.add(in);
        syn.sort(Comparator.comparing((Incident x) -> x.date));
        int n = 100001;
        for (Incident in : syn) in.id = String.format("PAK%06d", n++);
    }

    static Instant at(LocalDate d, int days) {
        return d.plusDays(days).atStartOfDay().toInstant(ZoneOffset.UTC)
                .plusSeconds((4 + RND.nextInt(15)) * 3600L + RND.nextInt(60) * 60L);
    }

    static int revised = 0, duplicated = 0, late = 0;

    static void buildReports() {
        for (Incident in : INCIDENTS) {
            if (in.named) continue;
            double u = RND.nextDouble();
            boolean isLate = u < 0.05;
            int delay = isLate ? 14 + RND.nextInt(22) : pickIdx(new double[]{35, 42, 16, 7});
            Instant first = at(in.date, delay);
            if (isLate) late++;
            Report fin = baseReport(in);
            if (!isLate && RND.nextDouble() < 0.055) {
                revised++;
                int extra = RND.nextDouble() < 0.35 ? 2 : 1;
                Instant t = first;
                List<Report> chain = new ArrayList<>();
                for (int r = 0; r < extra; r++) {
                    Report early = baseReport(in);
                    early.reportedAt = t; early.revision = r;
                    perturb(early, in, r == 0);
                    chain.add(early);
                    t = t.plusSeconds((1 + RND.nextInt(10)) * 86400L + RND.nextInt(7200));
                }
                in.reports.addAll(chain);
                fin.reportedAt = t; fin.revision = extra;
                if (!fin.notes.contains("revised")) fin.notes = fin.notes + " Figures revised.";
            } else {
                fin.reportedAt = first; fin.revision = 0;
            }
            in.reports.add(fin);
        }
        // ~1 % re-sent unchanged
        for (Incident in : INCIDENTS) {
            if (RND.nextDouble() < 0.01) {
                Report r = in.reports.get(RND.nextInt(in.reports.size()));
                in.reports.add(in.reports.indexOf(r) + 1, r.copy());
                duplicated++;
            }
        }
    }

    static Report baseReport(Incident in) {
        Report r = new Report();
        r.killed = in.killed.clone(); r.injured = in.injured.clone(); r.groups = in.groups;
        r.eventType = in.eventType; r.notes = in.notes; r.srcName = in.srcName; r.srcKind = in.srcKind; r.srcUrl = in.srcUrl;
        return r;
    }

    static void perturb(Report r, Incident in, boolean first) {
        int k = in.kTot(), i = in.iTot();
        double f = RND.nextDouble() < 0.6 ? 0.4 + RND.nextDouble() * 0.5 : 1.1 + RND.nextDouble() * 0.6;
        int k2 = Math.max(0, (int) Math.round(k * f + (RND.nextBoolean() ? 1 : -1) * RND.nextInt(2)));
        int i2 = Math.max(0, (int) Math.round(i * f));
        if (k2 == k && i2 == i) k2 = k + 1;
        if (first && RND.nextDouble() < 0.6) { r.killed = new int[]{0, 0, 0, k2}; r.injured = new int[]{0, 0, 0, i2}; }
        else {
            r.killed = scale(in.killed, k2); r.injured = scale(in.injured, i2);
        }
        if (first && !in.groups.isEmpty() && RND.nextDouble() < 0.5) r.groups = List.of();
        r.notes = in.notes + (first ? " Early report; figures preliminary." : " Updated figures.");
    }

    static int[] scale(int[] a, int total) {
        int s = a[0] + a[1] + a[2] + a[3];
        if (s == 0) return new int[]{0, 0, 0, total};
        double[] w = new double[4];
        for (int i = 0; i < 4; i++) w[i] = a[i];
        int[] out = new int[4];
        int given = 0;
        for (int i = 0; i < 4; i++) { out[i] = (int) Math.floor(w[i] * total / s); given += out[i]; }
        for (int i = 0; given < total; i = (i + 1) % 4) if (a[i] > 0) { out[i]++; given++; }
        return out;
    }

    static final List<Incident> RETRACTED = new ArrayList<>();

    static void addRetractions() {
        // reports later withdrawn by their source; they are not part of the yearly targets
        String[][] spec = {
                {"2021-09-14", "3", "Peshawar", "Blast reported near a police post later found to be a gas cylinder explosion."},
                {"2022-02-08", "0", "Quetta", "Attack on a Levies post reported by a local outlet; Levies denied any attack took place."},
                {"2022-10-19", "3", "Bannu", "Firing on a police van; police later said it was a personal dispute, not militancy."},
                {"2023-03-22", "2", "North Waziristan", "Reported drone strike; officials denied; source withdrew the report."},
                {"2023-06-11", "0", "Kech", "Reported IED blast; source later said it was a duplicate of another incident."},
                {"2023-10-25", "5", "Karachi", "Grenade attack report withdrawn; the blast was a transformer fire."}};
        int n = 190001;
        for (String[] s : spec) {
            Incident in = new Incident();
            in.id = String.format("PAK%06d", n++);
            in.date = LocalDate.parse(s[0]); in.prov = Integer.parseInt(s[1]);
            for (Loc l : LOCS) if (l.admin2().equals(s[2])) { in.loc = l; break; }
            in.prov = in.loc.prov();
            in.region = CANON[in.prov]; in.lat = in.loc.lat(); in.lon = in.loc.lon(); in.geoPrecision = "NEAR";
            in.eventType = s[2].equals("North Waziristan") ? "AIR_STRIKE" : s[2].equals("Karachi") ? "GRENADE" : "ATTACK";
            in.targetType = s[2].equals("North Waziristan") ? "MILITANTS" : "SECURITY_FORCES";
            in.killed = new int[]{0, 0, 0, 1 + RND.nextInt(3)}; in.injured = new int[]{0, 0, 0, RND.nextInt(4)};
            in.srcName = "Synthetic seed (local outlet-style report)"; in.srcKind = "NEWS";
            in.notes = "[synthetic] " + s[3];
            in.countsInTargets = false;
            Report r0 = baseReport(in);
            r0.reportedAt = at(in.date, RND.nextInt(2)); r0.revision = 0;
            r0.notes = "[synthetic] Initial report.";
            Report r1 = baseReport(in);
            r1.reportedAt = r0.reportedAt.plusSeconds((2 + RND.nextInt(6)) * 86400L); r1.revision = 1; r1.retracted = true;
            in.reports.add(r0); in.reports.add(r1);
            RETRACTED.add(in);
        }
    }

    // ======================================================================================
    // output: incidents
    static String casualties(int[] a) {
        StringBuilder sb = new StringBuilder("{");
        String[] f = {"securityForces", "civilians", "militants", "unknown"};
        boolean any = false;
        for (int i = 0; i < 4; i++) if (a[i] != 0) {
            if (any) sb.append(", ");
            sb.append('"').append(f[i]).append("\": ").append(a[i]); any = true;
        }
        if (!any) sb.append("\"unknown\": 0");
        return sb.append('}').toString();
    }

    static String incidentJson(Incident in, Report r) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"id\": ").append(q(in.id));
        sb.append(", \"reportedAt\": ").append(q(r.reportedAt.toString()));
        if (r.revision != 0) sb.append(", \"revision\": ").append(r.revision);
        if (r.retracted) sb.append(", \"retracted\": true");
        sb.append(", \"source\": {\"name\": ").append(q(r.srcName));
        if (r.srcUrl != null) sb.append(", \"url\": ").append(q(r.srcUrl));
        sb.append(", \"kind\": ").append(q(r.srcKind)).append('}');
        sb.append(", \"occurredOn\": ").append(q(in.date.toString()));
        sb.append(", \"datePrecision\": \"DAY\"");
        sb.append(", \"country\": \"PK\"");
        sb.append(", \"region\": ").append(q(in.region));
        sb.append(", \"admin2\": ").append(q(in.loc.admin2()));
        sb.append(", \"location\": ").append(q(in.loc.place()));
        sb.append(String.format(Locale.ROOT, ", \"latitude\": %.4f, \"longitude\": %.4f", in.lat, in.lon));
        sb.append(", \"geoPrecision\": ").append(q(in.geoPrecision));
        sb.append(", \"groups\": [");
        for (int i = 0; i < r.groups.size(); i++) {
            Group g = r.groups.get(i);
            if (i > 0) sb.append(", ");
            sb.append("{\"name\": ").append(q(g.shown)).append(", \"attribution\": ").append(q(g.attribution)).append('}');
        }
        sb.append(']');
        sb.append(", \"eventType\": ").append(q(r.eventType));
        sb.append(", \"targetType\": ").append(q(in.targetType));
        sb.append(", \"killed\": ").append(casualties(r.killed));
        sb.append(", \"injured\": ").append(casualties(r.injured));
        if (r.notes != null) sb.append(", \"notes\": ").append(q(r.notes));
        return sb.append('}').toString();
    }

    record Line(Instant at, long order, String json) {}

    static int incidentLines;

    static void writeIncidents(Path p) throws IOException {
        List<Line> lines = new ArrayList<>();
        long order = 0;
        List<Incident> all = new ArrayList<>(INCIDENTS);
        all.addAll(RETRACTED);
        for (Incident in : all) for (Report r : in.reports) lines.add(new Line(r.reportedAt, order++, incidentJson(in, r)));
        lines.sort(Comparator.comparing(Line::at).thenComparingLong(Line::order));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8))) {
            for (Line l : lines) { w.print(l.json()); w.print('\n'); }
        }
        incidentLines = lines.size();
    }

    // ======================================================================================
    // output: statements
    static String stmt(String id, String madeAt, String name, String role, String org, String country, String kind, String quote,
                       String[] countries, String[] regions, String[] groups, String[] incidentIds, String src, String url, String srcKind) {
        StringBuilder sb = new StringBuilder("{\"type\": \"statement\"");
        sb.append(", \"id\": ").append(q(id)).append(", \"madeAt\": ").append(q(madeAt));
        sb.append(", \"speaker\": {\"name\": ").append(q(name));
        if (role != null) sb.append(", \"role\": ").append(q(role));
        if (org != null) sb.append(", \"organisation\": ").append(q(org));
        if (country != null) sb.append(", \"country\": ").append(q(country));
        sb.append("}, \"kind\": ").append(q(kind)).append(", \"quote\": ").append(q(quote));
        sb.append(", \"about\": {\"countries\": ").append(arr(countries)).append(", \"regions\": ").append(arr(regions))
                .append(", \"groups\": ").append(arr(groups)).append(", \"incidentIds\": ").append(arr(incidentIds)).append('}');
        sb.append(", \"source\": {\"name\": ").append(q(src));
        if (url != null) sb.append(", \"url\": ").append(q(url));
        sb.append(", \"kind\": ").append(q(srcKind)).append("}}");
        return sb.toString();
    }
    static String[] a(String... s) { return s; }
    static final String SYN = "Synthesized (seed): ";
    static int statementLines;

    static void writeStatements(Path p) throws IOException {
        String tml = "The Media Line";
        String crss23 = "https://www.dawn.com/news/1802262/violence-linked-fatalities-hit-six-year-high";
        String crss22 = "https://propakistani.pk/2023/01/02/2022-ended-with-deadliest-month-in-a-decade-for-pakistani-forces/";
        List<String[]> st = new ArrayList<>();
        List<String> out = new ArrayList<>();
        // --- from the article (The Media Line, January 2023): short attributed quotes ---
        out.add(stmt("ST-2023-01-02-nsc", "2023-01-02T14:00:00Z", "National Security Committee", null, "Prime Minister's Office of Pakistan", "PK",
                "THREAT", "No country will be allowed to provide sanctuaries and facilitation to terrorists.",
                a("PK", "AF"), a(), a("TTP"), a(), tml, null, "NEWS"));
        out.add(stmt("ST-2023-01-04-price", "2023-01-04T17:00:00Z", "Ned Price", "Spokesperson", "US Department of State", "US",
                "ACCUSATION", "The Taliban had not lived up to that commitment.",
                a("AF", "PK"), a(), a("TTP", "IS-K"), a(), tml, null, "NEWS"));
        out.add(stmt("ST-2023-01-04-price-support", "2023-01-04T17:05:00Z", "Ned Price", "Spokesperson", "US Department of State", "US",
                "COMMITMENT", "Pakistan has the right to defend itself from terrorism.",
                a("PK", "AF", "US"), a(), a("TTP", "IS-K"), a(), tml, null, "NEWS"));
        out.add(stmt("ST-2023-01-05-karimi", "2023-01-05T09:00:00Z", "Bilal Karimi", "Deputy Spokesperson", "Islamic Emirate of Afghanistan (Taliban)", "AF",
                "DENIAL", "There is no evidence that Afghan soil has been used against any neighboring country.",
                a("AF", "PK", "US"), a(), a("TTP"), a(), tml, null, "NEWS"));
        out.add(stmt("ST-2023-01-05-ispr-swaziristan", "2023-01-05T16:00:00Z", "Armed Forces Media Wing (ISPR)", null, "Inter-Services Public Relations, Pakistan Armed Forces", "PK",
                "CASUALTY_REPORT", "Hafiz Ullah, a terrorist commander, and two suicide bombers were among the gunned-down militants.",
                a("PK"), a("Khyber Pakhtunkhwa"), a(), a("PAK900301"), tml, null, "NEWS"));
        // --- synthesized paraphrases of other statements, 2021-2023 (marked in source.name) ---
        out.add(stmt("ST-2021-07-15-mofa-dasu", "2021-07-15T12:00:00Z", "Ministry of Foreign Affairs of Pakistan", null, "Government of Pakistan", "PK",
                "CONDEMNATION", "Paraphrase: the ministry condemned the attack on the Dasu project bus and promised a full investigation.",
                a("PK", "CN"), a("Khyber Pakhtunkhwa"), a(), a("PAK900102"), SYN + "paraphrase of a MoFA press release", null, "OTHER"));
        out.add(stmt("ST-2021-08-12-fm-dasu", "2021-08-12T11:00:00Z", "Shah Mahmood Qureshi", "Foreign Minister", "Government of Pakistan", "PK",
                "ACCUSATION", "Paraphrase: the investigation found the Dasu attack was planned from Afghan soil by TTP operatives.",
                a("PK", "AF"), a("Khyber Pakhtunkhwa"), a("TTP"), a("PAK900102"), SYN + "paraphrase of a press conference", null, "OTHER"));
        out.add(stmt("ST-2022-03-04-isk-claim", "2022-03-04T18:00:00Z", "Amaq News Agency", null, "Islamic State", null,
                "CLAIM_OF_RESPONSIBILITY", "Paraphrase: IS-K claimed the suicide bombing of the mosque in Peshawar.",
                a("PK"), a("Khyber Pakhtunkhwa"), a("IS-K"), a("PAK900202"), SYN + "paraphrase of a claim reported by news agencies", null, "OTHER"));
        out.add(stmt("ST-2022-06-18-ttp-ceasefire", "2022-06-18T10:00:00Z", "TTP spokesman", "Spokesperson", "Tehrik-i-Taliban Pakistan", null,
                "COMMITMENT", "Paraphrase: the TTP extended its ceasefire indefinitely while talks with Pakistani officials continue in Kabul.",
                a("PK", "AF"), a(), a("TTP"), a(), SYN + "paraphrase of a TTP statement", null, "OTHER"));
        out.add(stmt("ST-2022-11-28-ttp-ceasefire-end", "2022-11-28T12:00:00Z", "TTP spokesman", "Spokesperson", "Tehrik-i-Taliban Pakistan", null,
                "THREAT", "Paraphrase: the TTP called off its ceasefire with the government and told its fighters to carry out attacks across the country.",
                a("PK"), a(), a("TTP"), a(), SYN + "paraphrase of a TTP statement reported by news agencies", null, "OTHER"));
        out.add(stmt("ST-2022-11-30-ttp-quetta-claim", "2022-11-30T11:00:00Z", "TTP spokesman", "Spokesperson", "Tehrik-i-Taliban Pakistan", null,
                "CLAIM_OF_RESPONSIBILITY", "Paraphrase: the TTP claimed the suicide attack on the police truck in Quetta.",
                a("PK"), a("Balochistan"), a("TTP"), a("PAK900204"), SYN + "paraphrase of a TTP claim", null, "OTHER"));
        out.add(stmt("ST-2022-12-20-ispr-bannu", "2022-12-20T15:30:00Z", "ISPR", null, "Inter-Services Public Relations, Pakistan Armed Forces", "PK",
                "CASUALTY_REPORT", "Paraphrase: 25 terrorists were killed, 7 surrendered and 3 were arrested in the Bannu CTD compound operation; two soldiers were martyred.",
                a("PK"), a("Khyber Pakhtunkhwa"), a("TTP"), a("PAK900205", "PAK900206"), SYN + "paraphrase of an ISPR press release", null, "OTHER"));
        out.add(stmt("ST-2023-01-01-crss-annual", "2023-01-01T08:00:00Z", "Center for Research and Security Studies", null, "CRSS", "PK",
                "CASUALTY_REPORT", "Paraphrase of the CRSS 2022 annual report: 973 fatalities and 741 injured in 506 incidents of terror attacks and counter-terror operations.",
                a("PK"), a(), a("TTP", "IS-K", "BLA"), a(), SYN + "summary of the CRSS Annual Security Report 2022", crss22, "OTHER"));
        out.add(stmt("ST-2023-01-30-state-condemn", "2023-01-30T20:00:00Z", "US Department of State", null, "US Department of State", "US",
                "CONDEMNATION", "Paraphrase: the United States condemned the bombing of the mosque in the Peshawar Police Lines.",
                a("PK", "US"), a("Khyber Pakhtunkhwa"), a(), a("PAK900001"), SYN + "paraphrase of a US statement", null, "OTHER"));
        out.add(stmt("ST-2023-01-31-ttp-denial", "2023-01-31T09:00:00Z", "TTP spokesman", "Spokesperson", "Tehrik-i-Taliban Pakistan", null,
                "DENIAL", "Paraphrase: the TTP's central spokesman said the group had nothing to do with the attack on the mosque.",
                a("PK"), a("Khyber Pakhtunkhwa"), a("TTP"), a("PAK900001"), SYN + "paraphrase of a TTP statement reported by news agencies", null, "OTHER"));
        out.add(stmt("ST-2023-02-02-kp-police-toll", "2023-02-02T11:00:00Z", "Khyber Pakhtunkhwa Police", "Inspector General", "Khyber Pakhtunkhwa Police", "PK",
                "CASUALTY_REPORT", "Paraphrase: the death toll of the Police Lines bombing was revised to 84 after hospital lists were reconciled.",
                a("PK"), a("Khyber Pakhtunkhwa"), a("TTP"), a("PAK900001"), SYN + "paraphrase of a KP Police press conference", null, "OTHER"));
        out.add(stmt("ST-2023-02-17-ttp-karachi-claim", "2023-02-17T18:00:00Z", "TTP spokesman", "Spokesperson", "Tehrik-i-Taliban Pakistan", null,
                "CLAIM_OF_RESPONSIBILITY", "Paraphrase: the TTP claimed the attack on the Karachi Police Office.",
                a("PK"), a("Sindh"), a("TTP"), a("PAK900302"), SYN + "paraphrase of a TTP claim", null, "OTHER"));
        out.add(stmt("ST-2023-07-31-isk-bajaur-claim", "2023-07-31T07:00:00Z", "Amaq News Agency", null, "Islamic State", null,
                "CLAIM_OF_RESPONSIBILITY", "Paraphrase: IS-K claimed the bombing of the JUI-F convention in Bajaur.",
                a("PK"), a("Khyber Pakhtunkhwa"), a("IS-K"), a("PAK900303"), SYN + "paraphrase of a claim reported by news agencies", null, "OTHER"));
        out.add(stmt("ST-2023-09-29-ttp-mastung-denial", "2023-09-29T15:00:00Z", "TTP spokesman", "Spokesperson", "Tehrik-i-Taliban Pakistan", null,
                "DENIAL", "Paraphrase: the TTP denied any role in the Mastung and Hangu bombings.",
                a("PK"), a("Balochistan", "Khyber Pakhtunkhwa"), a("TTP"), a("PAK900304", "PAK900305"), SYN + "paraphrase of a TTP statement", null, "OTHER"));
        out.add(stmt("ST-2023-12-12-tjp-daraban-claim", "2023-12-12T10:00:00Z", "TJP spokesman", "Spokesperson", "Tehreek-e-Jihad Pakistan", null,
                "CLAIM_OF_RESPONSIBILITY", "Paraphrase: Tehreek-e-Jihad Pakistan claimed the attack on the security forces compound in Daraban.",
                a("PK"), a("Khyber Pakhtunkhwa"), a("TJP"), a("PAK900306"), SYN + "paraphrase of a TJP claim", null, "OTHER"));
        out.add(stmt("ST-2023-12-31-crss-annual", "2023-12-31T08:00:00Z", "Center for Research and Security Studies", null, "CRSS", "PK",
                "CASUALTY_REPORT", "Paraphrase of the CRSS 2023 annual report: 1,524 violence-linked fatalities and 1,463 injured in 789 incidents, a six-year high.",
                a("PK"), a("Khyber Pakhtunkhwa", "Balochistan"), a("TTP"), a(), SYN + "summary of the CRSS Annual Security Report 2023", crss23, "OTHER"));
        // a few synthesized ISPR-style monthly casualty reports
        int[] months = {DEC22, JAN23, 30, 35};
        for (int m : months) {
            int sf = 0, mil = 0;
            for (Incident in : INCIDENTS) if (in.monthIdx() == m) { sf += in.killed[0]; mil += in.killed[2]; }
            LocalDate d = monthStart(m).plusMonths(1).plusDays(1);
            out.add(stmt("ST-" + d + "-ispr-monthly", d + "T12:00:00Z", "ISPR", null, "Inter-Services Public Relations, Pakistan Armed Forces", "PK",
                    "CASUALTY_REPORT", "Synthetic: in " + ym(m) + " " + sf + " security personnel were martyred and " + mil + " terrorists killed across the country.",
                    a("PK"), a("Khyber Pakhtunkhwa", "Balochistan"), a("TTP"), a(),
                    SYN + "ISPR-style monthly summary computed from the seed incidents", null, "OTHER"));
        }
        out.sort(Comparator.comparing(s -> s.substring(s.indexOf("\"madeAt\": \"") + 11, s.indexOf("\"madeAt\": \"") + 31)));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8))) {
            for (String s : out) { w.print(s); w.print('\n'); }
        }
        statementLines = out.size();
    }

    // ======================================================================================
    // output: ACLED-format sample, Dec 2022 - Jan 2023
    static final String[] ACLED_COLS = {"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
            "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
            "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
            "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"};
    static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    static int acledRows;

    static String actorName(String canon) {
        return switch (canon) {
            case "TTP" -> "TTP: Tehrik-i-Taliban Pakistan";
            case "IS-K" -> "IS-K: Islamic State Khorasan Province";
            case "BLA" -> "BLA: Baloch Liberation Army";
            case "BLF" -> "BLF: Balochistan Liberation Front";
            case "HGB" -> "Hafiz Gul Bahadur Group";
            case "TJP" -> "TJP: Tehreek-e-Jihad Pakistan";
            default -> canon;
        };
    }

    static void writeAcled(Path p) throws IOException {
        List<Incident> sel = new ArrayList<>();
        for (Incident in : INCIDENTS) if (in.monthIdx() == DEC22 || in.monthIdx() == JAN23) sel.add(in);
        sel.sort(Comparator.comparing((Incident x) -> x.date).thenComparing(x -> x.id));
        List<String[]> rows = new ArrayList<>();
        int n = 20001;
        Random r = new Random(SEED + 1);
        for (Incident in : sel) {
            String id = String.format("PAK%05d", n++);
            Instant ts = in.reports.get(in.reports.size() - 1).reportedAt.plusSeconds((2 + r.nextInt(6)) * 86400L + r.nextInt(3600));
            boolean revise = r.nextDouble() < 0.06 || in.id.equals("PAK900001") || in.id.equals("PAK900206");
            String[] row = acledRow(in, id, in.kTot(), ts, r);
            if (revise) {
                int earlier = in.id.equals("PAK900001") ? 100 : in.id.equals("PAK900206") ? 27 : Math.max(0, in.kTot() + (r.nextBoolean() ? -1 : 2));
                // The initial report comes 3-7 days before the final one, but never before the event's day
                // has ended (a report of a day yet to come is rejected): no other random draw moves.
                Instant initial = ts.minusSeconds((3 + r.nextInt(5)) * 86400L);
                Instant dayEnded = in.date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
                String[] old = acledRow(in, id, earlier, initial.isBefore(dayEnded) ? dayEnded : initial, r);
                old[27] = old[27] + " Initial report.";
                // the export lists the newer row first for one of them: order must not matter
                if (in.id.equals("PAK900001")) { rows.add(row); rows.add(old); } else { rows.add(old); rows.add(row); }
            } else rows.add(row);
        }
        // non-violent events, not counted as incidents
        rows.add(new String[]{String.format("PAK%05d", n++), "2022-12-20", "2022", "1", "Demonstrations", "Protests", "Peaceful protest",
                "Protesters (Pakistan)", "", "6", "", "", "0", "60", "", "586", "Southern Asia", "Pakistan", "Khyber Pakhtunkhwa",
                "Lakki Marwat", "", "Lakki Marwat", "32.6072", "70.9114", "1", "Dawn", "National",
                "On 20 December 2022, residents and traders held a peace march in Lakki Marwat against rising militancy, demanding \"lasting peace\" and action by the provincial government. [size=hundreds]",
                "0", "crowd size=hundreds", String.valueOf(Instant.parse("2022-12-27T03:00:00Z").getEpochSecond())});
        rows.add(new String[]{String.format("PAK%05d", n++), "12 January 2023", "2023", "1", "Demonstrations", "Protests", "Peaceful protest",
                "Protesters (Pakistan)", "", "6", "", "", "0", "60", "", "586", "Southern Asia", "Pakistan", "Khyber Pakhtunkhwa",
                "Bannu", "", "Bannu", "32.9861", "70.6042", "1", "The Express Tribune", "National",
                "On 12 January 2023, members of political parties and civil society protested in Bannu against targeted killings, saying \"enough is enough\". [size=no report]",
                "0", "crowd size=no report", String.valueOf(Instant.parse("2023-01-17T03:00:00Z").getEpochSecond())});
        rows.add(new String[]{String.format("PAK%05d", n++), "2023-01-09", "2023", "1", "Strategic developments", "Strategic developments", "Arrests",
                "Police Forces of Pakistan (2018-)", "", "1", "", "", "0", "10", "", "586", "Southern Asia", "Pakistan", "Punjab",
                "Lahore", "", "Lahore", "31.5204", "74.3587", "1", "Dawn", "National",
                "On 9 January 2023, CTD Punjab said it arrested suspected TTP militants, including a \"facilitator\", in Lahore.",
                "0", "", String.valueOf(Instant.parse("2023-01-17T03:00:00Z").getEpochSecond())});
        // ACLED exports list the newest events first
        List<String[]> sorted = new ArrayList<>(rows);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8))) {
            w.print(String.join(",", ACLED_COLS)); w.print("\r\n");
            for (int i = sorted.size() - 1; i >= 0; i--) {
                String[] row = sorted.get(i);
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < row.length; j++) { if (j > 0) sb.append(','); sb.append(csv(row[j])); }
                w.print(sb); w.print("\r\n");
            }
        }
        acledRows = rows.size();
    }

    static String[] acledRow(Incident in, String id, int fatalities, Instant ts, Random r) {
        String date = r.nextDouble() < 0.7 ? in.date.toString() : in.date.format(LONG_DATE);
        String disorder = "Political violence", evt, sub;
        String actor1, inter1, actor2, inter2, civT = "";
        String g = in.groups.isEmpty() ? null : in.groups.get(0).canon;
        String assoc1 = in.groups.size() > 1 ? actorName(in.groups.get(1).canon) : "";
        boolean sfTarget = in.targetType.equals("SECURITY_FORCES");
        String sfActor = in.loc.admin2().equals("Peshawar") || in.eventType.equals("TARGETED_KILLING") || in.prov == ICT || in.prov == SIN || in.prov == PUN
                ? "Police Forces of Pakistan (2018-)" : "Military Forces of Pakistan (2018-)";
        if (in.op) {
            evt = "Battles"; sub = "Armed clash";
            actor1 = "Military Forces of Pakistan (2018-)"; inter1 = "1";
            actor2 = g == null ? "TTP: Tehrik-i-Taliban Pakistan" : actorName(g); inter2 = "2";
            if (in.prov == BAL) actor2 = "Unidentified Armed Group (Pakistan)";
            if (actor2.startsWith("Unidentified")) inter2 = "3";
        } else {
            actor1 = g == null ? "Unidentified Armed Group (Pakistan)" : actorName(g);
            inter1 = g == null ? "3" : "2";
            switch (in.eventType) {
                case "SUICIDE_BOMBING" -> { evt = "Explosions/Remote violence"; sub = "Suicide bomb"; }
                case "IED" -> { evt = "Explosions/Remote violence"; sub = "Remote explosive/landmine/IED"; }
                case "GRENADE" -> { evt = "Explosions/Remote violence"; sub = "Grenade"; }
                case "ABDUCTION" -> { evt = "Violence against civilians"; sub = "Abduction/forced disappearance"; }
                default -> {
                    if (sfTarget || in.eventType.equals("ARMED_CLASH")) { evt = "Battles"; sub = "Armed clash"; }
                    else { evt = "Violence against civilians"; sub = "Attack"; }
                }
            }
            if (sfTarget || evt.equals("Battles")) { actor2 = sfActor; inter2 = "1"; }
            else { actor2 = "Civilians (Pakistan)"; inter2 = "7"; }
            if (evt.equals("Violence against civilians")) civT = "Civilian targeting";
        }
        int a = Integer.parseInt(inter1), b = Integer.parseInt(inter2);
        String interaction = Math.min(a, b) + "" + Math.max(a, b);
        String geo = in.geoPrecision.equals("EXACT") ? "1" : in.geoPrecision.equals("NEAR") ? "2" : "3";
        String source = in.named ? in.srcName : r.nextBoolean() ? "Dawn; The News International" : "Express Tribune";
        String verb = fatalities == 0 ? "no fatalities reported" : fatalities == 1 ? "1 fatality" : fatalities + " fatalities";
        String notes = "On " + in.date.format(LONG_DATE) + ", " + describe(in).replace(".", "") + ", " + verb + ". "
                + (in.named ? "Reported incident." : "Synthetic row; officials said the attackers \"fled\", and a search operation was launched.");
        return new String[]{id, date, String.valueOf(in.date.getYear()), "1", disorder, evt, sub, actor1, assoc1, inter1, actor2, "",
                inter2, interaction, civT, "586", "Southern Asia", "Pakistan", "Khyber Pakhtunkhwa".equals(CANON[in.prov]) ? "Khyber Pakhtunkhwa" : CANON[in.prov],
                in.loc.admin2(), "", in.loc.place(), String.format(Locale.ROOT, "%.4f", in.lat), String.format(Locale.ROOT, "%.4f", in.lon), geo,
                source, in.named ? "National" : "National-Regional", notes, String.valueOf(fatalities), "", String.valueOf(ts.getEpochSecond())};
    }

    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }

    // ======================================================================================
    // tables and checks
    static void printTables() {
        int M = 36;
        long[][] pk = new long[M][3], kp = new long[M][3], ttp = new long[M][3], sf = new long[M][1];
        int[][] yearProv = new int[3 * NP][3];
        int[][] yearCat = new int[3][4];
        int[] ops = new int[3];
        for (Incident in : INCIDENTS) {
            int m = in.monthIdx();
            long[] v = {1, in.kTot(), in.iTot()};
            for (int k = 0; k < 3; k++) pk[m][k] += v[k];
            if (in.prov == KP || in.prov == FATA) for (int k = 0; k < 3; k++) kp[m][k] += v[k];
            if (in.hasGroup("TTP")) for (int k = 0; k < 3; k++) ttp[m][k] += v[k];
            sf[m][0] += in.killed[0];
            int y = m / 12;
            for (int k = 0; k < 3; k++) yearProv[y * NP + in.prov][k] += v[k];
            for (int k = 0; k < 4; k++) yearCat[y][k] += in.killed[k];
            if (in.op) ops[y]++;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Monthly totals (final figures: latest report of each incident, retracted ones excluded)\n");
        sb.append("KP = Khyber Pakhtunkhwa incl. erstwhile FATA; TTP = incidents naming the TTP; inc/killed/inj; SF = security forces killed (PK)\n\n");
        sb.append("| month   | PK inc | PK killed | PK inj | KP inc | KP killed | KP inj | TTP inc | TTP killed | TTP inj | PK SF killed | note |\n");
        sb.append("|---------|-------:|----------:|-------:|-------:|----------:|-------:|--------:|-----------:|--------:|-------------:|------|\n");
        for (int m = 0; m < M; m++) {
            String note = m >= CALM_FROM && m <= CALM_TO ? "calm (ceasefire/talks)" : m == DEC22 || m == JAN23 ? "SURGE (post-ceasefire)" : "";
            sb.append(String.format("| %s | %6d | %9d | %6d | %6d | %9d | %6d | %7d | %10d | %7d | %12d | %s |\n", ym(m),
                    pk[m][0], pk[m][1], pk[m][2], kp[m][0], kp[m][1], kp[m][2], ttp[m][0], ttp[m][1], ttp[m][2], sf[m][0], note));
        }
        sb.append("\nYearly totals vs CRSS (terror attacks + counter-terror operations):\n");
        int[][] target = {{400, 850, 540}, {506, 973, 741}, {789, 1524, 1463}};
        for (int y = 0; y < 3; y++) {
            long n = 0, k = 0, i = 0;
            for (int m = y * 12; m < y * 12 + 12; m++) { n += pk[m][0]; k += pk[m][1]; i += pk[m][2]; }
            sb.append(String.format("  %d: incidents %d (target %d), killed %d (target %d), injured %d (target %d); killed SF/civ/mil/unk %d/%d/%d/%d; operations %d\n",
                    2021 + y, n, target[y][0], k, target[y][1], i, target[y][2], yearCat[y][0], yearCat[y][1], yearCat[y][2], yearCat[y][3], ops[y]));
        }
        sb.append("\n2022 by CRSS province (generated vs CRSS table):\n");
        for (int p = 0; p < NP; p++) {
            int[] g = yearProv[NP + p];
            sb.append(String.format("  %-5s incidents %3d/%3d killed %3d/%3d injured %3d/%3d\n", PCODE[p], g[0], YN[1][p], g[1], YK[1][p], g[2], YI[1][p]));
        }
        sb.append("\n2023 by quarter (generated vs CRSS):\n");
        int[][] q = {{219, 358, 496}, {176, 284, 230}, {190, 445, 440}, {204, 437, 297}};
        for (int qq = 0; qq < 4; qq++) {
            long n = 0, k = 0, i = 0;
            for (int m = 24 + qq * 3; m < 27 + qq * 3; m++) { n += pk[m][0]; k += pk[m][1]; i += pk[m][2]; }
            sb.append(String.format("  2023-Q%d: incidents %d/%d killed %d/%d injured %d/%d%s\n", qq + 1, n, q[qq][0], k, q[qq][1], i, q[qq][2],
                    qq == 1 || qq == 3 ? " (injured target synthesized: CRSS gives no quarterly figure)" : ""));
        }
        sb.append("\nChecks (calm months 2022-05..2022-08 must not exceed their previous 6 months' average; surge months should be >= 2x it):\n");
        boolean ok = true;
        String[] series = {"PK", "KP", "TTP"};
        long[][][] all = {pk, kp, ttp};
        String[] met = {"incidents", "killed", "injured"};
        for (int s = 0; s < 3; s++) for (int k = 0; k < 3; k++) {
            StringBuilder line = new StringBuilder(String.format("  %-3s %-9s", series[s], met[k]));
            for (int m : new int[]{CALM_FROM, CALM_FROM + 1, CALM_FROM + 2, CALM_TO, DEC22, JAN23}) {
                double avg = 0;
                for (int j = m - 6; j < m; j++) avg += all[s][j][k];
                avg /= 6;
                double ratio = all[s][m][k] / Math.max(avg, 1e-9);
                boolean calm = m <= CALM_TO;
                if (calm && all[s][m][k] > avg) { ok = false; line.append(" FAIL"); }
                if (!calm && s == 0 && k < 2 && ratio < 2) { ok = false; line.append(" FAIL"); }
                line.append(String.format(Locale.ROOT, " %s=%d/%.1f(x%.2f)", ym(m), all[s][m][k], avg, ratio));
            }
            sb.append(line).append('\n');
        }
        int maxSf2122 = 0; for (int m = 0; m < 24; m++) if (sf[m][0] > sf[maxSf2122][0]) maxSf2122 = m;
        int maxSf = 0; for (int m = 0; m < 36; m++) if (sf[m][0] > sf[maxSf][0]) maxSf = m;
        sb.append(String.format("  deadliest month for SF 2021-2022: %s (%d); 2021-2023: %s (%d)\n", ym(maxSf2122), sf[maxSf2122][0], ym(maxSf), sf[maxSf][0]));
        if (maxSf2122 != DEC22 || maxSf != JAN23) ok = false;
        for (String w : WARNINGS) sb.append("  WARNING: ").append(w).append('\n');
        sb.append(ok ? "  all checks PASS\n" : "  some checks FAILED\n");
        sb.append(String.format("\nFiles: incidents.ndjson %d lines (%d incidents + %d retracted; %d revised, %d late, %d duplicates); statements.ndjson %d lines; acled-sample.csv %d rows\n",
                incidentLines, INCIDENTS.size(), RETRACTED.size(), revised + (int) INCIDENTS.stream().filter(x -> x.named && x.reports.size() > 1).count(), late, duplicated, statementLines, acledRows));
        System.out.print(sb);
    }

    // ======================================================================================
    // numeric helpers
    /** Integer table with exact row and column sums, close to the prior (IPF, then controlled rounding). */
    static int[][] fit(double[][] prior, int[] rows, int[] cols, String what) {
        int R = rows.length, C = cols.length;
        if (Arrays.stream(rows).sum() != Arrays.stream(cols).sum())
            throw new IllegalStateException(what + ": margins differ " + Arrays.stream(rows).sum() + " vs " + Arrays.stream(cols).sum());
        for (int v : rows) if (v < 0) throw new IllegalStateException(what + ": negative row target " + Arrays.toString(rows));
        for (int v : cols) if (v < 0) throw new IllegalStateException(what + ": negative column target " + Arrays.toString(cols));
        double[][] x = new double[R][C];
        for (int r = 0; r < R; r++) for (int c = 0; c < C; c++) x[r][c] = Math.max(0, prior[r][c]);
        for (int it = 0; it < 500; it++) {
            for (int r = 0; r < R; r++) {
                double s = 0; for (int c = 0; c < C; c++) s += x[r][c];
                if (s > 0) for (int c = 0; c < C; c++) x[r][c] *= rows[r] / s;
            }
            for (int c = 0; c < C; c++) {
                double s = 0; for (int r = 0; r < R; r++) s += x[r][c];
                if (s > 0) for (int r = 0; r < R; r++) x[r][c] *= cols[c] / s;
            }
        }
        int[][] out = new int[R][C];
        int[] rr = rows.clone(), cr = cols.clone();
        List<int[]> cells = new ArrayList<>();
        for (int r = 0; r < R; r++) for (int c = 0; c < C; c++) {
            int f = (int) Math.floor(x[r][c]);
            f = Math.min(f, Math.min(rr[r], cr[c]));
            out[r][c] = f; rr[r] -= f; cr[c] -= f;
            if (prior[r][c] > 0) cells.add(new int[]{r, c});
        }
        cells.sort(Comparator.comparingDouble((int[] rc) -> -(x[rc[0]][rc[1]] - Math.floor(x[rc[0]][rc[1]]))));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] rc : cells) if (rr[rc[0]] > 0 && cr[rc[1]] > 0) { out[rc[0]][rc[1]]++; rr[rc[0]]--; cr[rc[1]]--; changed = true; }
        }
        for (int r = 0; r < R; r++) while (rr[r] > 0) {
            int c = 0; while (cr[c] == 0) c++;
            out[r][c]++; rr[r]--; cr[c]--;
            WARNINGS.add(what + ": residual placed in a zero-prior cell (" + r + "," + c + ")");
        }
        return out;
    }

    static int[] multinomial(double[] w, int total) {
        int[] out = new int[w.length];
        if (w.length == 0) return out;
        double s = 0; for (double v : w) s += v;
        for (int u = 0; u < total; u++) out[pickIdx(w, s)]++;
        return out;
    }
    static int pickIdx(double[] w) { double s = 0; for (double v : w) s += v; return pickIdx(w, s); }
    static int pickIdx(double[] w, double s) {
        double u = RND.nextDouble() * s;
        for (int i = 0; i < w.length; i++) { u -= w[i]; if (u < 0) return i; }
        return w.length - 1;
    }
    static String pick(String[] v, double[] w) { return v[pickIdx(w)]; }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> { if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch)); else sb.append(ch); }
            }
        }
        return sb.append('"').toString();
    }
    static String arr(String[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) { if (i > 0) sb.append(", "); sb.append(q(a[i])); }
        return sb.append(']').toString();
    }
}
