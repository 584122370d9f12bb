import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { getAssessmentScheme, setAssessmentScheme } from './assessment-scheme';
import { freezeAssessment, getAssessment } from './assessment.service';

type AssessmentChannel = 'assessment.getScheme' | 'assessment.setScheme' | 'assessment.compute' | 'assessment.freeze';

/** Glue only for 考核. */
export function assessmentHandlers(db: Kysely<Database>, today: () => string): HandlersOf<AssessmentChannel> {
  return {
    'assessment.getScheme': () => getAssessmentScheme(db),
    'assessment.setScheme': (scheme, actor) => setAssessmentScheme(db, actor, scheme),
    'assessment.compute': async (input) => getAssessment(db, input, today(), await getWarningThresholds(db)),
    'assessment.freeze': async (input, actor) => freezeAssessment(db, actor, input, today(), await getWarningThresholds(db)),
  };
}
