/*
 * areas.h - the inspection areas: what a unit's annual self-inspection report covers
 * and what a bureau inspection checks, area by area (issue 4 §4-§5: "the 13
 * inspection areas of Regulations Art. 58").
 *
 * domain.md does not reproduce the article's list, so the thirteen areas here are the
 * system's rendering of the management duties domain.md §2.3, §3 and §4 name (secrecy
 * body, responsibility, rules, personnel, training, undertakings, classification,
 * carriers, key premises, information systems, review before release, incidents,
 * inspection and rectification); each entry carries the section it rests on.
 * docs/certificates.md records the choice. Reports and findings store the code, so
 * a renamed area keeps its history.
 */
#ifndef BM_AREAS_H
#define BM_AREAS_H

#define AREA_COUNT 13

struct area {
	const char *code; /* stable: stored in reports and findings */
	const char *zh, *en;
	const char *source; /* the domain.md section the area rests on */
};

/* The areas, in the order reports and forms show them. */
extern const struct area areas[AREA_COUNT];

/* The index of the area with this code, or -1. */
int area_index(const char *code);

#endif
