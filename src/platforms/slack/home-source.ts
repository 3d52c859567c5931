// The App Home's data shapes live in the core (src/core/home.ts); re-exported for the Slack folder.
export type {
  HomeCapsule,
  HomeDue,
  HomeOverview,
  HomeQuery,
  HomeQuizResult,
  HomeSource,
  StudentHome,
  TeacherHome,
} from '../../core/home.ts';
